import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alerts, models, monitors } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { AlertView } from "@/lib/monitors/types";

export type { AlertView };

/** Open alerts first (most severe, then newest, first), then the history, newest first. */
export async function loadAlertViews(db: DbOrTx, where: SQL | undefined, limit: number): Promise<AlertView[]> {
  const rows = await db
    .select({ alert: alerts, monitor: monitors, slug: models.slug, modelName: models.name })
    .from(alerts)
    .innerJoin(monitors, eq(monitors.id, alerts.monitorId))
    .innerJoin(models, eq(models.id, alerts.modelId))
    .where(where)
    .orderBy(
      sql`(${alerts.state} = 'firing') desc`,
      sql`case when ${alerts.state} = 'firing' then array_position(array['critical', 'warning', 'info'], ${alerts.severity}) end`,
      desc(alerts.firedAt),
    )
    .limit(limit);
  return rows.map(({ alert: a, monitor: m, slug, modelName }) => ({
    id: a.id,
    monitorId: a.monitorId,
    state: a.state,
    value: a.value,
    firedAt: a.firedAt.toISOString(),
    changePointAt: a.changePointAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    threshold: a.threshold,
    n: a.n,
    slice: a.slice ?? null,
    resolvedValue: a.resolvedValue,
    severity: a.severity,
    model: slug,
    modelName,
    monitor: { name: m.name, kind: m.kind, metric: m.metric, comparison: m.comparison, window: m.window, policy: m.policy, feature: m.feature, class: m.class, sliceFeature: m.sliceFeature, sliceValue: m.sliceValue, silencedUntil: m.silencedUntil?.toISOString() ?? null },
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
    silencedUntil: a.silencedUntil?.toISOString() ?? null,
  }));
}

export const openAlerts = (extra?: SQL) => and(eq(alerts.state, "firing"), extra);
