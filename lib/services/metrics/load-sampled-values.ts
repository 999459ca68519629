import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import type { SampledValue } from "@/lib/metrics/sampled-mae";

/**
 * The labelled items of a regression model whose predictions fall in [from, to): each one's
 * bucket, inclusion probability, the annotator's value and the model's. Read like sampled
 * accuracy's groups (load-sampled-accuracy.ts): standing labels through the partial index on
 * labelled items, each prediction by its primary key, gold items left out. One row per labelled
 * item (people label thousands, not millions); `split` as in loadSampledGroups; the error is taken in JavaScript, where a
 * difference past the largest double does not stop the query. Classifiers read nothing.
 */
export async function loadSampledValues(db: DbOrTx, model: Pick<Model, "id" | "task">, from: Date, to: Date, bucketMs: number, split?: SQL): Promise<(SampledValue & { split?: unknown })[]> {
  return (await loadSampledValuesOfModels(db, [model], from, to, bucketMs, split)).get(model.id) ?? [];
}

/** The same for many models in one statement (the Prometheus scrape), by model id. */
export async function loadSampledValuesOfModels(db: DbOrTx, models: Pick<Model, "id" | "task">[], from: Date, to: Date, bucketMs: number, split?: SQL): Promise<Map<string, (SampledValue & { split?: unknown })[]>> {
  const regressions = models.filter((m) => m.task === "regression");
  const byModel = new Map<string, (SampledValue & { split?: unknown })[]>();
  if (regressions.length === 0) return byModel;
  const rows = await db.execute<{ model: string; bucket_start: number; inclusion_probability: number; labelled: number; predicted: number; split?: unknown }>(sql`
    select i.model_id::text as model, floor(extract(epoch from i.predicted_at) * 1000 / ${bucketMs}::float8) * ${bucketMs}::float8 as bucket_start,
      i.inclusion_probability, i.value as labelled, p.value as predicted${split ? sql`, ${split} as split` : sql``}
    from labelling_items i join predictions p on p.id = i.id
    where i.model_id = any(${`{${regressions.map((m) => m.id).join(",")}}`}::uuid[]) and i.status = 'labelled' and i.gold_label is null
      and i.value is not null and p.value is not null
      and i.predicted_at >= ${from.toISOString()}::timestamptz and i.predicted_at < ${to.toISOString()}::timestamptz`);
  for (const r of rows) {
    const value = { bucketStart: Number(r.bucket_start), inclusionProbability: Number(r.inclusion_probability), labelled: Number(r.labelled), predicted: Number(r.predicted), ...(split ? { split: r.split } : {}) };
    const list = byModel.get(r.model);
    if (list) list.push(value);
    else byModel.set(r.model, [value]);
  }
  return byModel;
}
