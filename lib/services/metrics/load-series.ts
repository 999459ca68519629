import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import { rollupScalars, type SeriesRollup } from "@/lib/metrics/series";
import type { Counts } from "@/lib/metrics/rollup-types";

type SeriesModel = Pick<Model, "id" | "task">;

/**
 * The scalar columns of the hourly rollups in [from, to) of each model, in time order, as one
 * JSON array of arrays per model: parsing it at once costs a fraction of 720 rows of 11 columns
 * parsed one by one (and PostgreSQL writes float8 in JSON in its shortest exact form, so the
 * numbers are the same). Multiclass models' class counts come from a second statement, run beside
 * the first, over their rows alone: taking one key of the distributions reads and decompresses all
 * of it, and asked for in the first statement it made every row of every model carry the whole
 * distributions through the sort (a scrape of 100 models took three times as long).
 */
export async function loadSeriesOfModels(db: DbOrTx, models: SeriesModel[], from: Date, to: Date): Promise<Map<string, SeriesRollup[]>> {
  if (models.length === 0) return new Map();
  const multiclass = models.filter((m) => m.task === "multiclass");
  const [rows, classCounts] = await Promise.all([
    db.execute<{ model: string; hours: [number, ...number[]][] }>(sql`
      select model_id::text as model, json_agg(json_build_array(extract(epoch from bucket_start)::float8 * 1000, volume, positive_count, score_count, confidence_sum,
        truth_count, truth_correct, residual_abs_sum, residual_sq_sum, residual_sum) order by bucket_start) as hours
      ${rollupsIn(models, from, to)}
      group by model_id`),
    multiclass.length
      ? db.execute<{ model: string; predicted: Record<string, Counts | null> }>(sql`
          select model_id::text as model, json_object_agg((extract(epoch from bucket_start) * 1000)::bigint::text, distributions -> 'predicted') as predicted
          ${rollupsIn(multiclass, from, to)}
          group by model_id`)
      : Promise.resolve([]),
  ]);
  const byModel = new Map(rows.map((r) => [r.model, r.hours]));
  const predictedByModel = new Map(classCounts.map((r) => [r.model, r.predicted]));
  return new Map(
    models.map((model) => {
      const predicted = predictedByModel.get(model.id);
      return [
        model.id,
        (byModel.get(model.id) ?? []).map((h) => ({
          bucketStart: new Date(h[0]),
          ...rollupScalars(h, 1),
          // By hour, not position: the two statements may see different commits of a refresh.
          predicted: model.task === "multiclass" ? (predicted?.[String(h[0])] ?? {}) : {},
        })),
      ];
    }),
  );
}

/** The hourly rollups of these models that start in [from, to). */
function rollupsIn(models: SeriesModel[], from: Date, to: Date) {
  return sql`from metric_rollups
      where model_id = any(${`{${models.map((m) => m.id).join(",")}}`}::uuid[]) and bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz`;
}

/** One model's hourly rollups in [from, to) (the model page). */
export async function loadSeries(db: DbOrTx, model: SeriesModel, from: Date, to: Date): Promise<SeriesRollup[]> {
  return (await loadSeriesOfModels(db, [model], from, to)).get(model.id)!;
}
