import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alerts, monitorChannels, monitors, models, type Monitor } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { MonitorDefinition } from "@/lib/monitors/schemas";
import { sequentialValue } from "@/lib/monitors/sequential";
import { ServiceError } from "../errors";

/** A monitor as the API and the pages show it: its definition by model slug, and its state. */
export type MonitorView = Omit<MonitorDefinition, "model"> & {
  id: string;
  model: string;
  modelName: string;
  state: Monitor["state"];
  consecutive: number;
  lastValue: number | null;
  lastN: number | null;
  lastEvaluatedAt: string | null;
  silencedUntil: string | null;
  openAlertId: string | null;
  /** sequential monitors, once their first evaluation fixed the design: its stated numbers and the CUSUM now. */
  sequential: { baseline: number; trialsPerHour: number; h: number; falseAlarmDays: number; delayHours: number; statistic: number; countedThrough: string } | null;
  createdAt: string;
  updatedAt: string;
};

export async function loadMonitorViews(db: DbOrTx, where?: SQL): Promise<MonitorView[]> {
  const rows = await db
    .select({ monitor: monitors, slug: models.slug, modelName: models.name, openAlertId: alerts.id })
    .from(monitors)
    .innerJoin(models, eq(models.id, monitors.modelId))
    .leftJoin(alerts, and(eq(alerts.monitorId, monitors.id), eq(alerts.state, "firing")))
    .where(where)
    .orderBy(sql`${models.name}`, sql`${monitors.name}`);
  const ids = rows.map((r) => r.monitor.id);
  const links = ids.length ? await db.select().from(monitorChannels).where(inArray(monitorChannels.monitorId, ids)) : [];
  return rows.map(({ monitor: m, slug, modelName, openAlertId }) => ({
    id: m.id,
    model: slug,
    modelName,
    name: m.name,
    description: m.description,
    metric: m.metric,
    kind: m.kind,
    falseAlarmDays: m.falseAlarmDays,
    feature: m.feature,
    allFeatures: m.allFeatures,
    class: m.class,
    sliceFeature: m.sliceFeature,
    sliceValue: m.sliceValue,
    window: m.window,
    comparison: m.comparison,
    thresholdMode: m.thresholdMode,
    threshold: m.threshold,
    thresholdHigh: m.thresholdHigh,
    resolveThreshold: m.resolveThreshold,
    resolveThresholdHigh: m.resolveThresholdHigh,
    minN: m.minN,
    requireInterval: m.requireInterval,
    forEvaluations: m.forEvaluations,
    correction: m.correction,
    alpha: m.alpha,
    severity: m.severity,
    policy: m.policy,
    channels: links.filter((l) => l.monitorId === m.id).map((l) => l.channelId),
    enabled: m.enabled,
    state: m.state,
    consecutive: m.consecutive,
    lastValue: m.lastValue,
    lastN: m.lastN,
    lastEvaluatedAt: m.lastTick?.toISOString() ?? null,
    silencedUntil: m.silencedUntil?.toISOString() ?? null,
    openAlertId,
    sequential: sequentialSummary(m),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  }));
}

function sequentialSummary(m: Monitor): MonitorView["sequential"] {
  const s = m.kind === "sequential" ? m.sequentialState : null;
  if (!s) return null;
  const d = s.design;
  return { baseline: d.baseline, trialsPerHour: d.trialsPerHour, h: d.h, falseAlarmDays: d.falseAlarmHours / 24, delayHours: d.delayHours, statistic: sequentialValue(s, m.state === "firing"), countedThrough: s.through };
}

export async function loadMonitorView(db: DbOrTx, id: string): Promise<MonitorView> {
  const [view] = await loadMonitorViews(db, eq(monitors.id, id));
  if (!view) throw new ServiceError("not_found", "There is no such monitor.");
  return view;
}

/** The monitor row and its model, or not_found (also for an id that is not a uuid). */
export async function findMonitor(db: DbOrTx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ServiceError("not_found", "There is no such monitor.");
  const [row] = await db.select({ monitor: monitors, model: models }).from(monitors).innerJoin(models, eq(models.id, monitors.modelId)).where(eq(monitors.id, id));
  if (!row) throw new ServiceError("not_found", "There is no such monitor.");
  return row;
}
