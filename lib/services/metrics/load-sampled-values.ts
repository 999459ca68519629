import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import type { SampledValue } from "@/lib/metrics/sampled-mae";
import { loadLabelledSample, type SampleRow } from "./labelled-sample";

/**
 * The labelled items of a regression model whose predictions fall in [from, to) (read as
 * loadLabelledSample says): each one's bucket, inclusion probability, the annotator's value and
 * the model's. One row per labelled item (people label thousands, not millions); `split` as in
 * loadSampledGroups; the error is taken in JavaScript, where a difference past the largest double
 * does not stop the query. Classifiers read nothing.
 */
export async function loadSampledValues(db: DbOrTx, model: Pick<Model, "id" | "task">, from: Date, to: Date, bucketMs: number, split?: SQL): Promise<(SampledValue & { split?: unknown })[]> {
  return (await loadSampledValuesOfModels(db, [model], from, to, bucketMs, split)).get(model.id) ?? [];
}

/** The same for many models in one statement (the Prometheus scrape), by model id. */
export async function loadSampledValuesOfModels(db: DbOrTx, models: Pick<Model, "id" | "task">[], from: Date, to: Date, bucketMs: number, split?: SQL): Promise<Map<string, (SampledValue & { split?: unknown })[]>> {
  const regressions = models.filter((m) => m.task === "regression").map((m) => m.id);
  const columns = sql`i.value as labelled, p.value as predicted`;
  const where = sql`i.value is not null and p.value is not null`;
  return loadLabelledSample(db, regressions, { from, to, bucketMs }, { columns, where, grouped: false, split }, (r: SampleRow & { labelled: number; predicted: number }) => ({ labelled: Number(r.labelled), predicted: Number(r.predicted) }));
}
