import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { getMonitor, getMonitorHistory } from "@/lib/services/monitors";
import { ServiceError } from "@/lib/services/errors";
import { CORRECTION_LABELS, METRICS_WITH_INTERVAL, POLICY_LABELS } from "@/lib/monitors/constants";
import { formatMetricValue } from "@/lib/notifications/payloads";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { SeverityBadge, StateBadge } from "@/components/monitors/badges";
import { describeRule, describeSequential } from "@/components/monitors/describe-rule";
import { MonitorActions } from "@/components/monitors/monitor-actions";
import { ThresholdChart } from "@/components/monitors/threshold-chart";
import { AlertsTable } from "@/components/alerts/alerts-table";

export const metadata: Metadata = { title: "Monitor" };

export default async function MonitorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const ctx = await requirePageUser("models.view");
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const monitor = await getMonitor(ctx, id).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const history = await getMonitorHistory(ctx, id);
  const canEdit = roleCan(ctx.actor.role, "monitors.manage");
  const value = (v: number | null) => (monitor.thresholdMode === "relative" && v !== null ? `${v >= 0 ? "+" : ""}${Math.round(v * 1000) / 10}% of the reference` : formatMetricValue(monitor.metric, v));
  const seq = monitor.kind === "sequential" ? monitor.sequential : null;
  const sequentialRows: [string, React.ReactNode][] = [
    ["Rule", `Sequential (CUSUM, once an hour): a ${monitor.comparison === "above" ? "rise" : monitor.comparison === "below" ? "drop" : "move"} of ${Math.round(monitor.threshold * 1000) / 10} points from the reference window's rate`],
    ["Stated", seq ? describeSequential({ ...seq, shift: monitor.threshold, direction: monitor.comparison }) : `About one false alarm every ${monitor.falseAlarmDays ?? 30} days; the delay is fixed at the first evaluation, from the model's volume then.`],
    ["Evidence now", seq ? `${seq.statistic.toFixed(2)} of ${seq.h.toFixed(2)} (counted through ${seq.countedThrough.replace("T", " ").slice(0, 16)} UTC)` : "not evaluated yet"],
  ];
  const rows: [string, React.ReactNode][] = monitor.kind === "sequential" ? [
    ["Model", <Link key="m" href={`/models/${monitor.model}`} className="text-brand-700 underline">{monitor.modelName}</Link>],
    ...sequentialRows,
    ["Action policy", POLICY_LABELS[monitor.policy]],
  ] : [
    ["Model", <Link key="m" href={`/models/${monitor.model}`} className="text-brand-700 underline">{monitor.modelName}</Link>],
    ["Rule", describeRule(monitor)],
    ["Resolves at", monitor.resolveThreshold === null ? "the threshold itself (no hysteresis)" : monitor.comparison === "outside" ? `inside ${value(monitor.resolveThreshold)} – ${value(monitor.resolveThresholdHigh ?? monitor.thresholdHigh)}` : value(monitor.resolveThreshold)],
    ["Minimum n", monitor.minN.toLocaleString("en")],
    ["For", `${monitor.forEvaluations} consecutive evaluation${monitor.forEvaluations === 1 ? "" : "s"}`],
    ...(METRICS_WITH_INTERVAL.includes(monitor.metric) ? [["Interval", monitor.requireInterval ? "fires only when the 95% interval is past the threshold" : "fires on the point value"] as [string, string]] : []),
    ...(monitor.allFeatures ? [["Correction", `${CORRECTION_LABELS[monitor.correction]} at α = ${monitor.alpha}`] as [string, string]] : []),
    ["Action policy", POLICY_LABELS[monitor.policy]],
    ["Notifies", monitor.channels.length ? `${monitor.channels.length} channel${monitor.channels.length === 1 ? "" : "s"}` : "no channel (alerts page only)"],
    ["Silenced", monitor.silencedUntil && new Date(monitor.silencedUntil) > new Date() ? `until ${monitor.silencedUntil.replace("T", " ").slice(0, 16)} UTC` : "no"],
  ];
  return (
    <>
      <p className="text-sm text-slate-500"><Link href="/monitors" className="hover:underline">Monitors</Link> /</p>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">{monitor.name} {monitor.enabled ? <StateBadge state={monitor.state} /> : <Badge>Disabled</Badge>} <SeverityBadge severity={monitor.severity} /></h1>
          {monitor.description ? <p className="mt-1 text-sm text-slate-600">{monitor.description}</p> : null}
          <p className="mt-1 text-sm text-slate-600">
            {monitor.lastEvaluatedAt ? <>Last evaluated {monitor.lastEvaluatedAt.replace("T", " ").slice(0, 16)} UTC: {monitor.kind === "sequential" ? `evidence ${monitor.lastValue?.toFixed(2) ?? "—"}` : formatMetricValue(monitor.metric, monitor.lastValue)} on n {monitor.lastN === null ? "—" : Math.round(monitor.lastN).toLocaleString("en")}.</> : "Not evaluated yet; the schedule evaluates it within a minute."}
          </p>
        </div>
        {canEdit ? <MonitorActions id={monitor.id} name={monitor.name} metric={monitor.metric} /> : null}
      </div>
      {saved ? <div className="mb-4"><Alert tone="success">Saved. The change is audited and applies from the next evaluation.</Alert></div> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-4 lg:col-span-2">
          <h2 className="text-sm font-semibold">The last days, as this monitor reads them</h2>
          <p className="mb-2 text-xs text-slate-500">Each point is the figure over the {monitor.window} window ending there. Hollow points have fewer than the minimum n.</p>
          {history.points.every((p) => p.value === null) ? (
            <p className="py-16 text-center text-sm text-slate-500">No data for this metric in the last days.</p>
          ) : (
            <ThresholdChart metric={monitor.metric} points={history.points} limits={history.limits} minN={monitor.minN} />
          )}
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">Definition</h2>
          <dl className="space-y-2 text-sm">
            {rows.map(([k, v]) => (
              <div key={k}>
                <dt className="text-xs text-slate-500">{k}</dt>
                <dd className="text-slate-800">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
      <h2 className="mb-2 mt-8 text-base font-semibold">Alerts of this monitor</h2>
      {history.alerts.length ? <AlertsTable alerts={history.alerts} canAct={canEdit} /> : <p className="text-sm text-slate-600">It has not fired yet.</p>}
    </>
  );
}
