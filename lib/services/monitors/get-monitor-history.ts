import "server-only";
import { eq } from "drizzle-orm";
import { alerts } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { loadAlertViews, type AlertView } from "../alerts";
import { findMonitor } from "./monitor-view";
import { historyTimes, metricHistory, type HistoryPoint } from "./metric-history";
import type { Limits } from "@/lib/monitors/state-machine";

/** The monitor page: its figure over the last days against its lines, and its latest alerts. */
export async function getMonitorHistory(ctx: ServiceContext, id: string): Promise<{ points: HistoryPoint[]; limits: Limits | null; alerts: AlertView[] }> {
  assertPermission(ctx.actor, "models.view");
  const { monitor, model } = await findMonitor(ctx.db, id);
  const [history, recent] = await Promise.all([
    metricHistory(ctx.db, monitor, model, historyTimes(monitor, new Date())),
    loadAlertViews(ctx.db, eq(alerts.monitorId, id), 20),
  ]);
  return { points: history.points, limits: history.limits, alerts: recent };
}
