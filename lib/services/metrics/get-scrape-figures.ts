import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import { bucketStartOf } from "@/lib/metrics/series";
import { buildSeries } from "@/lib/metrics/build-series";
import type { ScrapeFigures } from "@/lib/metrics/prometheus";
import { assertAllowed, type ServiceContext } from "../context";
import { driftFigures, referenceWindow } from "./get-model-metrics";
import { loadDistributionsOfModels } from "./load-distributions";
import { loadSeriesOfModels } from "./load-series";
import { loadSampledGroupsOfModels } from "./load-sampled-accuracy";
import { loadSampledValuesOfModels } from "./load-sampled-values";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The totals and drift of every model over [from, to) in hourly buckets, exactly as each model's
 * own metrics read (getModelMetrics) computes them, but for all models at once: one statement per
 * kind of figure (first rollup, scalars, distributions, sampled labels), whatever the number of
 * models, so a scrape does not grow by a round trip and a plan per model.
 */
export async function getScrapeFigures(ctx: ServiceContext, models: Model[], range: { from: Date; to: Date }): Promise<ScrapeFigures[]> {
  for (const model of models) assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
  if (models.length === 0) return [];
  const from = bucketStartOf(range.from, "hour");
  const to = range.to;
  // Only the distributions wait for the first rollups (they set the reference windows).
  const distributions = firstBuckets(ctx.db, models).then((firsts) =>
    loadDistributionsOfModels(
      ctx.db,
      models.map((m) => {
        const reference = referenceWindow(m, firsts.get(m.id) ?? null);
        return { modelId: m.id, windows: reference ? [{ from, to }, reference] : [{ from, to }] };
      }),
    ),
  );
  const [rows, windows, groups, values] = await Promise.all([
    loadSeriesOfModels(ctx.db, models, from, to),
    distributions,
    loadSampledGroupsOfModels(ctx.db, models, from, to, HOUR_MS),
    loadSampledValuesOfModels(ctx.db, models, from, to, HOUR_MS),
  ]);
  return models.map((model) => {
    const matureBefore = new Date(Date.now() - model.labelMaturityDays * DAY_MS);
    const labels = { groups: groups.get(model.id) ?? [], values: values.get(model.id) ?? [] };
    const { totals } = buildSeries(model, rows.get(model.id) ?? [], { from, to, bucket: "hour", matureBefore }, labels);
    const [current, reference] = windows.get(model.id)!;
    // A window still being rebuilt into the current shape: no drift (the model page says how far it has come).
    const rebuilding = current!.outdated || (reference?.outdated ?? false);
    return { model: model.slug, totals, drift: driftFigures(model, current!, reference ?? null, rebuilding) };
  });
}

/** Each model's first hourly rollup (its default reference window starts on that day). */
async function firstBuckets(db: DbOrTx, models: Model[]): Promise<Map<string, Date>> {
  const rows = await db.execute<{ model: string; first: number | null }>(sql`
    select m.id::text as model, (select extract(epoch from min(r.bucket_start))::float8 * 1000 from metric_rollups r where r.model_id = m.id) as first
    from unnest(${`{${models.map((m) => m.id).join(",")}}`}::uuid[]) as m(id)`);
  return new Map(rows.filter((r) => r.first !== null).map((r) => [r.model, new Date(r.first!)]));
}
