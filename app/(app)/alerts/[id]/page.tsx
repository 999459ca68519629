import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { getAlert } from "@/lib/services/alerts";
import { ServiceError } from "@/lib/services/errors";
import { METRIC_LABELS, POLICY_LABELS } from "@/lib/monitors/constants";
import { formatMetricValue } from "@/lib/notifications/payloads";
import { Card } from "@/components/ui/card";
import { SeverityBadge, StateBadge } from "@/components/monitors/badges";
import { ThresholdChart } from "@/components/monitors/threshold-chart";
import { AlertsTable } from "@/components/alerts/alerts-table";

export const metadata: Metadata = { title: "Alert" };

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;
const EVENT_TEXT: Record<string, (d: Record<string, unknown>) => string> = {
  fired: () => "Fired",
  resolved: () => "Resolved",
  acknowledged: () => "Acknowledged",
  silenced: (d) => (d.scope === "alert" ? `This alert silenced until ${when(String(d.until))}` : `Silenced until ${when(String(d.until))} (the whole monitor)`),
  unsilenced: (d) => (d.scope === "alert" ? "This alert's silence lifted" : "Silence lifted"),
  action_requested: (d) => `Action requested: ${POLICY_LABELS[d.policy as keyof typeof POLICY_LABELS] ?? String(d.policy)} (carried out by the retrain runner)`,
};

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageUser("models.view");
  const { id } = await params;
  const alert = await getAlert(ctx, id).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const metric = alert.monitor.metric;
  const first = alert.history.points[0]?.at ?? alert.firedAt;
  const last = alert.history.points[alert.history.points.length - 1]?.at ?? new Date().toISOString();
  const modelLink = `/models/${alert.model}?${new URLSearchParams({ range: "custom", from: first, to: last })}`;
  return (
    <>
      <p className="text-sm text-slate-500"><Link href="/alerts" className="hover:underline">Alerts</Link> /</p>
      <div className="mb-6">
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">{alert.monitor.name} <StateBadge state={alert.state} /> <SeverityBadge severity={alert.severity} /></h1>
        <p className="mt-1 text-sm text-slate-600">
          {METRIC_LABELS[metric]}{alert.monitor.feature ? ` of ${alert.monitor.feature}` : ""} over {alert.monitor.window} on{" "}
          <Link href={modelLink} className="text-brand-700 underline">{alert.modelName}</Link> was {formatMetricValue(metric, alert.value)} against a threshold of {formatMetricValue(metric, alert.threshold)}
          {alert.n !== null ? ` (n ${Math.round(alert.n).toLocaleString("en")})` : ""} at {when(alert.firedAt)}.
          {alert.resolvedAt ? ` It resolved at ${when(alert.resolvedAt)} at ${formatMetricValue(metric, alert.resolvedValue)}.` : ""}
        </p>
        {alert.silencedUntil && new Date(alert.silencedUntil) > new Date() ? (
          <p className="mt-2 inline-block rounded-md bg-amber-50 px-3 py-1 text-sm text-amber-900" data-testid="alert-page-silenced">Silenced until {when(alert.silencedUntil)}: no notifications about this alert until then.</p>
        ) : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-4 lg:col-span-2">
          <h2 className="text-sm font-semibold">Where it fired</h2>
          <p className="mb-2 text-xs text-slate-500">
            The figure over the {alert.monitor.window} window at each moment, as the monitor reads it; the red point is the evaluation that fired. <Link href={`/monitors/${alert.monitorId}`} className="underline">The monitor</Link> ·{" "}
            <Link href={modelLink} className="underline">the model&apos;s dashboard for this period</Link>
          </p>
          <ThresholdChart
            metric={metric}
            points={alert.history.points}
            limits={alert.history.limits ? { ...alert.history.limits, threshold: alert.threshold ?? alert.history.limits.threshold } : null}
            minN={alert.history.minN}
            // A sequential alert's value is the rate since the change point, not this window's figure: no dot for it.
            marker={{ at: alert.firedAt, value: alert.changePointAt ? null : alert.value, label: "fired" }}
            changePoint={alert.changePointAt ? { at: alert.changePointAt, label: "change began" } : undefined}
          />
          {alert.changePointAt ? (
            <p className="mt-2 text-xs text-slate-600" data-testid="alert-change-point">The evidence says the change began at {when(alert.changePointAt)} (amber line); the monitor fired at {when(alert.firedAt)} (red).</p>
          ) : null}
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">History</h2>
          <ol className="space-y-2 text-sm" aria-label="Alert history">
            {alert.events.map((e, i) => (
              <li key={i}>
                <div className="text-slate-800">{(EVENT_TEXT[e.type] ?? (() => e.type))(e.details)}</div>
                <div className="text-xs text-slate-500">{when(e.at)} · {e.actor}</div>
              </li>
            ))}
          </ol>
        </Card>
      </div>
      {alert.state === "firing" && roleCan(ctx.actor.role, "monitors.manage") ? (
        <div className="mt-6">
          <AlertsTable alerts={[alert]} canAct />
        </div>
      ) : null}
    </>
  );
}
