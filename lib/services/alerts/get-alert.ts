import { asc, eq, and, gte, lte } from "drizzle-orm";
import { alertEvents, alerts, monitorEvaluations } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { loadAlertViews, type AlertView } from "./alert-view";

const HOUR_MS = 3600_000;

export type AlertDetail = AlertView & {
  events: { type: string; actor: string; details: Record<string, unknown>; at: string }[];
  /** The monitor's evaluations around the alert, for the chart with its threshold line. */
  evaluations: { tick: string; value: number | null; n: number; low: number | null; high: number | null; threshold: number | null; thresholdHigh: number | null; verdict: string; state: string }[];
};

const MAX_POINTS = 600;

export async function getAlert(ctx: ServiceContext, id: string): Promise<AlertDetail> {
  assertPermission(ctx.actor, "models.view");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ServiceError("not_found", "There is no such alert.");
  const [alert] = await loadAlertViews(ctx.db, eq(alerts.id, id), 1);
  if (!alert) throw new ServiceError("not_found", "There is no such alert.");
  const fired = new Date(alert.firedAt).getTime();
  const end = alert.resolvedAt ? new Date(alert.resolvedAt).getTime() + 6 * HOUR_MS : Date.now();
  const [events, evaluations] = await Promise.all([
    ctx.db.select().from(alertEvents).where(eq(alertEvents.alertId, id)).orderBy(asc(alertEvents.at), asc(alertEvents.id)),
    ctx.db
      .select()
      .from(monitorEvaluations)
      .where(and(eq(monitorEvaluations.monitorId, alert.monitorId), gte(monitorEvaluations.tick, new Date(fired - 24 * HOUR_MS)), lte(monitorEvaluations.tick, new Date(end))))
      .orderBy(asc(monitorEvaluations.tick))
      .limit(5000),
  ]);
  // Every minute for a day is too many points to draw: keep an even sample, always with the firing point.
  const stride = Math.max(1, Math.ceil(evaluations.length / MAX_POINTS));
  const kept = evaluations.filter((e, i) => i % stride === 0 || i === evaluations.length - 1 || e.state !== (evaluations[i - 1]?.state ?? e.state));
  return {
    ...alert,
    events: events.map((e) => ({ type: e.type, actor: e.actor, details: e.details, at: e.at.toISOString() })),
    evaluations: kept.map((e) => ({ tick: e.tick.toISOString(), value: e.value, n: e.n, low: e.low, high: e.high, threshold: e.threshold, thresholdHigh: e.thresholdHigh, verdict: e.verdict, state: e.state })),
  };
}
