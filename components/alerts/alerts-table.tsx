"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { acknowledgeAlertAction, silenceAlertAction } from "@/lib/actions/monitors";
import { formatMetricValue } from "@/lib/notifications/payloads";
import type { AlertView } from "@/lib/monitors/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SeverityBadge, StateBadge } from "@/components/monitors/badges";

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;
const SILENCE_CHOICES = [
  { hours: 1, label: "1 hour" },
  { hours: 4, label: "4 hours" },
  { hours: 24, label: "1 day" },
  { hours: 168, label: "1 week" },
];

function duration(from: string, to: string | null): string {
  const minutes = Math.max(0, Math.round(((to ? new Date(to) : new Date()).getTime() - new Date(from).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

/** Alerts, open ones first; approvers and admins acknowledge and silence them in place. */
export function AlertsTable({ alerts, canAct }: { alerts: AlertView[]; canAct: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  const acknowledge = (a: AlertView) =>
    startTransition(async () => {
      const r = await acknowledgeAlertAction({ alertId: a.id });
      setMessage(r.ok ? { tone: "success", text: `Acknowledged ${a.monitor.name}.` } : { tone: "error", text: r.message });
      router.refresh();
    });
  const silence = (a: AlertView, hours: number | null, scope: "alert" | "monitor") =>
    startTransition(async () => {
      const until = hours === null ? null : new Date(Date.now() + hours * 3600_000).toISOString();
      const r = await silenceAlertAction({ alertId: a.id, until, scope });
      const what = scope === "alert" ? `This alert of ${a.monitor.name}` : `${a.monitor.name} (every alert it fires)`;
      setMessage(r.ok ? { tone: "success", text: until ? `${what} sends no notifications until ${when(until)}.` : `${what} notifies again.` } : { tone: "error", text: r.message });
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Card>
        <ul aria-label="Alerts" className="divide-y divide-slate-100">
          {alerts.map((a) => {
            const silenced = a.monitor.silencedUntil && new Date(a.monitor.silencedUntil) > new Date() ? a.monitor.silencedUntil : null;
            const alertSilenced = a.silencedUntil && new Date(a.silencedUntil) > new Date() ? a.silencedUntil : null;
            return (
              <li key={a.id} data-testid={`alert-${a.id}`} className={`flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 ${a.state === "firing" ? "" : "text-slate-600"}`}>
                <div className="flex w-32 shrink-0 items-center gap-2">
                  <StateBadge state={a.state} />
                  <SeverityBadge severity={a.severity} />
                </div>
                <div className="min-w-72 flex-1">
                  <Link href={`/alerts/${a.id}`} className="font-medium text-slate-900 hover:underline">{a.monitor.name}</Link>
                  <div className="text-xs text-slate-500">
                    {a.modelName}
                    {a.slice ? <> · in <span className="font-medium text-slate-700">{a.slice.feature} = {a.slice.value}</span></> : null} · {formatMetricValue(a.monitor.metric, a.value)} vs threshold {formatMetricValue(a.monitor.metric, a.threshold)}
                    {a.n !== null ? ` · n ${Math.round(a.n).toLocaleString("en")}` : ""}
                  </div>
                </div>
                <div className="text-xs text-slate-600">
                  <div>fired {when(a.firedAt)}</div>
                  <div>{a.resolvedAt ? `resolved after ${duration(a.firedAt, a.resolvedAt)}` : `open for ${duration(a.firedAt, null)}`}</div>
                </div>
                <div className="w-44 text-xs text-slate-600">
                  {a.acknowledgedAt ? <div>acknowledged by {a.acknowledgedBy}</div> : null}
                  {alertSilenced ? <div data-testid="alert-silenced">this alert silenced until {when(alertSilenced)}</div> : null}
                  {silenced ? <div>monitor silenced until {when(silenced)}</div> : null}
                  {a.monitor.policy !== "notify" && a.state === "firing" ? <div>action requested: {a.monitor.policy}</div> : null}
                </div>
                {canAct && a.state === "firing" ? (
                  <div className="ml-auto flex items-center gap-2">
                    {!a.acknowledgedAt ? <Button variant="secondary" onClick={() => acknowledge(a)} disabled={pending}>Acknowledge</Button> : null}
                    {alertSilenced ? <Button variant="ghost" onClick={() => silence(a, null, "alert")} disabled={pending}>Unsilence alert</Button> : null}
                    {silenced ? <Button variant="ghost" onClick={() => silence(a, null, "monitor")} disabled={pending}>Unsilence monitor</Button> : null}
                    {!alertSilenced && !silenced ? <SilenceControl id={a.id} name={a.monitor.name} disabled={pending} onSilence={(hours, scope) => silence(a, hours, scope)} /> : null}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Card>
    </div>
  );
}

/**
 * A duration and two buttons: this alert alone, or its monitor (every alert it fires meanwhile).
 * Choosing with the arrow keys must not silence anything by itself.
 */
function SilenceControl({ id, name, disabled, onSilence }: { id: string; name: string; disabled: boolean; onSilence: (hours: number, scope: "alert" | "monitor") => void }) {
  const [hours, setHours] = useState(4);
  return (
    <div className="flex flex-wrap items-center gap-1">
      <label className="sr-only" htmlFor={`silence-${id}`}>Silence {name} for</label>
      <select id={`silence-${id}`} value={hours} onChange={(e) => setHours(Number(e.target.value))} disabled={disabled} className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm">
        {SILENCE_CHOICES.map((c) => <option key={c.hours} value={c.hours}>{c.label}</option>)}
      </select>
      <Button variant="secondary" onClick={() => onSilence(hours, "alert")} disabled={disabled}>Silence alert</Button>
      <Button variant="secondary" onClick={() => onSilence(hours, "monitor")} disabled={disabled}>Silence monitor</Button>
    </div>
  );
}
