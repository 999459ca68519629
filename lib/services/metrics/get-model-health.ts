import "server-only";
import { and, eq } from "drizzle-orm";
import { alerts, models, monitors, type Model } from "@/lib/db/schema";
import { judgeHealth, type Health } from "@/lib/metrics/health";
import type { ServiceContext } from "../context";
import { getModelMetrics, getModelMetricsOf } from "./get-model-metrics";

export type { Health };

export type ModelHealth = {
  health: Health;
  reasons: string[];
  /** The figure the sparkline draws: positive rate (binary), MAE (regression) or volume, daily over 7 days. */
  sparkline: { label: string; points: (number | null)[] };
};

/** A model's health over the last 7 days (lib/metrics/health.ts judges), with its open alerts. */
export async function getModelHealth(ctx: ServiceContext, model: Pick<Model, "slug" | "task"> | Model, now = new Date()): Promise<ModelHealth> {
  const query = { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: now.toISOString(), bucket: "day" };
  // Given the whole row (the overview has just listed them), it is not looked up again.
  const m = "id" in model ? await getModelMetricsOf(ctx, model, query) : await getModelMetrics(ctx, model.slug, query);
  const sparkline =
    model.task === "binary"
      ? { label: "positive rate", points: m.series.map((p) => p.positiveRate?.value ?? null) }
      : model.task === "regression"
        ? { label: "MAE", points: m.series.map((p) => p.mae?.value ?? null) }
        : { label: "volume", points: m.series.map((p) => p.volume) };
  const openAlerts = await ctx.db
    .select({ monitor: monitors.name, severity: alerts.severity })
    .from(alerts)
    .innerJoin(monitors, eq(monitors.id, alerts.monitorId))
    .innerJoin(models, eq(models.id, alerts.modelId))
    .where(and(eq(models.slug, model.slug), eq(alerts.state, "firing")))
    .orderBy(monitors.name);
  return { ...judgeHealth(m, model.task, openAlerts), sparkline };
}
