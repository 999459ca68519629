import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import type { SampledGroup } from "@/lib/metrics/sampled-accuracy";

/**
 * The labelled items of a model whose predictions fall in [from, to), counted per bucket and
 * inclusion probability, with how many the model predicted right. Reads the items' standing
 * (final) labels, never the labels table, through the partial index on labelled items; each
 * item's prediction is fetched by its primary key (an item's id is its prediction's), so no scan
 * of predictions. Gold items (known answers, there to measure annotators) are never part of the
 * sample. Regression models have no accuracy: nothing is read. `split`, an expression over the
 * prediction `p` (its version's name, a feature), groups the items by it too (a split's figures).
 */
export async function loadSampledGroups(db: DbOrTx, model: Pick<Model, "id" | "task">, from: Date, to: Date, bucketMs: number, split?: SQL): Promise<(SampledGroup & { split?: unknown })[]> {
  return (await loadSampledGroupsOfModels(db, [model], from, to, bucketMs, split)).get(model.id) ?? [];
}

/** The same for many models in one statement (the Prometheus scrape), by model id. */
export async function loadSampledGroupsOfModels(db: DbOrTx, models: Pick<Model, "id" | "task">[], from: Date, to: Date, bucketMs: number, split?: SQL): Promise<Map<string, (SampledGroup & { split?: unknown })[]>> {
  const classifiers = models.filter((m) => m.task !== "regression");
  const byModel = new Map<string, (SampledGroup & { split?: unknown })[]>();
  if (classifiers.length === 0) return byModel;
  const rows = await db.execute<{ model: string; bucket_start: number; inclusion_probability: number; n: number; correct: number; split?: unknown }>(sql`
    select i.model_id::text as model, floor(extract(epoch from i.predicted_at) * 1000 / ${bucketMs}::float8) * ${bucketMs}::float8 as bucket_start,
      i.inclusion_probability, count(*)::int as n, (count(*) filter (where p.label = i.label))::int as correct${split ? sql`, ${split} as split` : sql``}
    from labelling_items i join predictions p on p.id = i.id
    where i.model_id = any(${`{${classifiers.map((m) => m.id).join(",")}}`}::uuid[]) and i.status = 'labelled' and i.gold_label is null
      and i.predicted_at >= ${from.toISOString()}::timestamptz and i.predicted_at < ${to.toISOString()}::timestamptz
    group by 1, 2, 3${split ? sql`, 6` : sql``}`);
  for (const r of rows) {
    const group = { bucketStart: Number(r.bucket_start), inclusionProbability: Number(r.inclusion_probability), n: Number(r.n), correct: Number(r.correct), ...(split ? { split: r.split } : {}) };
    const list = byModel.get(r.model);
    if (list) list.push(group);
    else byModel.set(r.model, [group]);
  }
  return byModel;
}
