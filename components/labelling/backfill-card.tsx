"use client";

import { useEffect, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { startBackfillAction } from "@/lib/actions/labelling";
import type { BackfillView } from "@/lib/labelling/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";

const POLL_MS = 2000;
const day = (iso: string) => iso.slice(0, 10);

/**
 * Samples a past range of predictions under the current policy, with the latest backfill's
 * progress. While one runs, the page refreshes every two seconds to move the bar.
 */
export function BackfillCard({ slug, backfill }: { slug: string; backfill: BackfillView | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const running = backfill?.status === "running";

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, router]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await startBackfillAction({ slug, from: String(data.get("backfillFrom") ?? ""), to: String(data.get("backfillTo") ?? "") });
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(result.ok ? null : result.code === "invalid_input" ? "Check the dates marked below." : result.message);
      if (result.ok) router.refresh();
    });
  }

  const share = backfill && backfill.total > 0 ? backfill.processed / backfill.total : backfill?.status === "done" ? 1 : 0;
  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">Backfill</h2>
      <p className="mt-1 text-xs text-slate-500">
        Sample predictions that arrived before this policy, as if it had applied then (the same ones a replay would pick). Predictions already in the queue are left as they are.
      </p>
      {backfill ? (
        <div className="mt-3" data-testid="backfill-progress">
          <div className="flex justify-between text-xs text-slate-600">
            <span>{day(backfill.from)} to {day(new Date(Date.parse(backfill.to) - 1).toISOString())}</span>
            <span>{backfill.status === "running" ? "running" : backfill.status === "done" ? "done" : "failed"}</span>
          </div>
          <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Backfill progress" aria-valuemin={0} aria-valuemax={backfill.total} aria-valuenow={backfill.processed}>
            <div className={`h-full ${backfill.status === "failed" ? "bg-red-500" : backfill.status === "done" ? "bg-emerald-600" : "bg-brand-600"}`} style={{ width: `${Math.round(share * 100)}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-600">
            {backfill.processed.toLocaleString("en")} of {backfill.total.toLocaleString("en")} predictions gone through, {backfill.sampled.toLocaleString("en")} added to the queue
            {backfill.error ? `. Stopped: ${backfill.error}` : "."}
          </p>
        </div>
      ) : null}
      <form onSubmit={onSubmit} className="mt-4 space-y-3 border-t border-slate-100 pt-4" aria-label="Backfill a past range">
        {message ? <Alert tone="error">{message}</Alert> : null}
        <div className="grid grid-cols-2 gap-3">
          <Field label="From (UTC day)" name="backfillFrom" errors={fieldErrors.from}>
            <input id="backfillFrom" name="backfillFrom" type="date" required className={inputClass} />
          </Field>
          <Field label="To (UTC day, included)" name="backfillTo" errors={fieldErrors.to}>
            <input id="backfillTo" name="backfillTo" type="date" required className={inputClass} />
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={pending || running}>{running ? "A backfill is running…" : pending ? "Starting…" : "Backfill this range"}</Button>
      </form>
    </Card>
  );
}
