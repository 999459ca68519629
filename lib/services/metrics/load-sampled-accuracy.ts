import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import type { SampledGroup } from "@/lib/metrics/sampled-accuracy";
import { loadLabelledSample, type SampleRow } from "./labelled-sample";

/**
 * The labelled items of a model whose predictions fall in [from, to) (read as loadLabelledSample
 * says), counted per bucket and inclusion probability, with how many the model predicted right.
 * Regression models have no accuracy: nothing is read. `split`, an expression over the
 * prediction `p` (its version's name, a feature), groups the items by it too (a split's figures).
 */
export async function loadSampledGroups(db: DbOrTx, model: Pick<Model, "id" | "task">, from: Date, to: Date, bucketMs: number, split?: SQL): Promise<(SampledGroup & { split?: unknown })[]> {
  return (await loadSampledGroupsOfModels(db, [model], from, to, bucketMs, split)).get(model.id) ?? [];
}

/** The same for many models in one statement (the Prometheus scrape), by model id. */
export async function loadSampledGroupsOfModels(db: DbOrTx, models: Pick<Model, "id" | "task">[], from: Date, to: Date, bucketMs: number, split?: SQL): Promise<Map<string, (SampledGroup & { split?: unknown })[]>> {
  const classifiers = models.filter((m) => m.task !== "regression").map((m) => m.id);
  const columns = sql`count(*)::int as n, (count(*) filter (where p.label = i.label))::int as correct`;
  return loadLabelledSample(db, classifiers, { from, to, bucketMs }, { columns, grouped: true, split }, (r: SampleRow & { n: number; correct: number }) => ({ n: Number(r.n), correct: Number(r.correct) }));
}
