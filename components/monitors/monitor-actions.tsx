"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteMonitorAction, evaluateMonitorAction } from "@/lib/actions/monitors";
import { formatMetricValue } from "@/lib/notifications/payloads";
import type { MonitorMetric } from "@/lib/monitors/constants";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function MonitorActions({ id, name, metric }: { id: string; name: string; metric: MonitorMetric }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  const evaluate = () =>
    startTransition(async () => {
      const r = await evaluateMonitorAction({ id });
      if (!r.ok) return setMessage({ tone: "error", text: r.message });
      const what = r.data.transition === "fired" ? "It fired an alert." : r.data.transition === "resolved" ? "Its alert resolved." : `It is ${r.data.state}.`;
      setMessage({ tone: "success", text: `Evaluated: ${formatMetricValue(metric, r.data.value)} on n ${Math.round(r.data.n).toLocaleString("en")}. ${what}` });
      router.refresh();
    });
  const remove = () =>
    startTransition(async () => {
      const r = await deleteMonitorAction({ id });
      if (!r.ok) return setMessage({ tone: "error", text: r.message });
      router.push("/monitors");
      router.refresh();
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Link href={`/monitors/${id}/edit`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">Edit</Link>
        <Button variant="secondary" onClick={evaluate} disabled={pending}>{pending ? "Working…" : "Evaluate now"}</Button>
        {confirming ? (
          <>
            <Button variant="danger" onClick={remove} disabled={pending}>Delete {name} and its alerts</Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>Keep it</Button>
          </>
        ) : (
          <Button variant="danger" onClick={() => setConfirming(true)}>Delete</Button>
        )}
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}
