import "server-only";
import { asc, eq } from "drizzle-orm";
import { alertEvents, alerts } from "@/lib/db/schema";
import { windowHours } from "@/lib/monitors/constants";
import type { Limits } from "@/lib/monitors/state-machine";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { findMonitor, HISTORY_POINTS, metricHistory, type HistoryPoint } from "../monitors";
import { loadAlertViews, type AlertView } from "./alert-view";

const HOUR_MS = 3600_000;

export type AlertDetail = AlertView & {
  events: { type: string; actor: string; details: Record<string, unknown>; at: string }[];
  /** The monitor's figure around the alert, as the monitor reads it, with the firing point in it. */
  history: { points: HistoryPoint[]; limits: Limits | null; minN: number };
};

export async function getAlert(ctx: ServiceContext, id: string): Promise<AlertDetail> {
  assertPermission(ctx.actor, "models.view");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ServiceError("not_found", "There is no such alert.");
  const [alert] = await loadAlertViews(ctx.db, eq(alerts.id, id), 1);
  if (!alert) throw new ServiceError("not_found", "There is no such alert.");
  const [events, { monitor, model }] = await Promise.all([
    ctx.db.select().from(alertEvents).where(eq(alertEvents.alertId, id)).orderBy(asc(alertEvents.at), asc(alertEvents.id)),
    findMonitor(ctx.db, alert.monitorId),
  ]);

  // Before the alert (at least ten days, or two windows), through its resolution or now.
  const fired = new Date(alert.firedAt).getTime();
  const changePoint = alert.changePointAt ? new Date(alert.changePointAt).getTime() : null;
  const before = Math.max(240 * HOUR_MS, 2 * windowHours(monitor.window) * HOUR_MS, changePoint === null ? 0 : 1.5 * (fired - changePoint));
  const end = Math.min(Date.now(), alert.resolvedAt ? new Date(alert.resolvedAt).getTime() + before / 3 : Date.now());
  const start = fired - before;
  const step = (end - start) / (HISTORY_POINTS - 1);
  const times = new Set(Array.from({ length: HISTORY_POINTS }, (_, i) => Math.round(start + i * step)));
  times.add(fired);
  if (changePoint !== null) times.add(changePoint);
  if (alert.resolvedAt) times.add(new Date(alert.resolvedAt).getTime());
  const history = await metricHistory(ctx.db, monitor, model, [...times].sort((a, b) => a - b).map((t) => new Date(t)));

  return {
    ...alert,
    events: events.map((e) => ({ type: e.type, actor: e.actor, details: e.details, at: e.at.toISOString() })),
    history: { points: history.points, limits: history.limits, minN: monitor.minN },
  };
}
