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
 * numbers are the same). Class counts only where a point uses them (multiclass class shares):
 * taking one key of the distributions reads and decompresses all of it, for every hour of the range.
 */
export async function loadSeriesOfModels(db: DbOrTx, models: SeriesModel[], from: Date, to: Date): Promise<Map<string, SeriesRollup[]>> {
  if (models.length === 0) return new Map();
  const literal = (ms: SeriesModel[]) => `{${ms.map((m) => m.id).join(",")}}`;
  const multiclass = models.filter((m) => m.task === "multiclass");
  const rows = await db.execute<{ model: string; hours: [number, ...(number | string)[]][] }>(sql`
    select model_id::text as model, json_agg(json_build_array(extract(epoch from bucket_start)::float8 * 1000, volume, positive_count, score_count, confidence_sum,
      truth_count, truth_correct, residual_abs_sum, residual_sq_sum, residual_sum${multiclass.length ? sql`, case when model_id = any(${literal(multiclass)}::uuid[]) then distributions -> 'predicted' end` : sql``}) order by bucket_start) as hours
    from metric_rollups
    where model_id = any(${literal(models)}::uuid[]) and bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz
    group by model_id
  `);
  const byModel = new Map(rows.map((r) => [r.model, r.hours]));
  return new Map(
    models.map((model) => [
      model.id,
      (byModel.get(model.id) ?? []).map((h) => ({
        bucketStart: new Date(h[0]),
        ...rollupScalars(h, 1),
        predicted: model.task === "multiclass" ? ((h[10] as unknown as Counts | null) ?? {}) : {},
      })),
    ]),
  );
}

/** One model's hourly rollups in [from, to) (the model page). */
export async function loadSeries(db: DbOrTx, model: SeriesModel, from: Date, to: Date): Promise<SeriesRollup[]> {
  return (await loadSeriesOfModels(db, [model], from, to)).get(model.id)!;
}
