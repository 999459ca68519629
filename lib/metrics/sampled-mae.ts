import { weightedMean, type WeightedMeanEstimate } from "@/lib/stats";

/**
 * Sampled MAE (regression): the absolute error of the model's value against the annotator's
 * value, on the predictions sampled for labelling, each label weighted by 1/π (π its inclusion
 * probability) as sampled accuracy is: Σ wᵢ·|eᵢ| / Σ wᵢ, with a normal 95% interval from the
 * linearised variance of that ratio (lib/stats/weighted-mean.ts). `n` is the number of labelled
 * items, `effectiveN` Kish's effective sample size.
 */
export type SampledMae = WeightedMeanEstimate;

/** One labelled item of a regression model: its bucket, its inclusion probability and both values. */
export type SampledValue = { bucketStart: number; inclusionProbability: number; labelled: number; predicted: number };

// Two finite values whose difference passes the largest double give Infinity, which weightedMean
// counts as the largest double: "at least this large".
const absoluteError = (v: SampledValue) => Math.abs(v.labelled - v.predicted);

/** Sampled MAE per bucket start (ms), and over all the items; null where there is no label. */
export function sampledMaeByBucket(values: readonly SampledValue[]): { byBucket: Map<number, SampledMae | null>; total: SampledMae | null } {
  const buckets = new Map<number, { value: number; inclusionProbability: number }[]>();
  const all: { value: number; inclusionProbability: number }[] = [];
  for (const v of values) {
    const item = { value: absoluteError(v), inclusionProbability: v.inclusionProbability };
    all.push(item);
    const list = buckets.get(v.bucketStart);
    if (list) list.push(item);
    else buckets.set(v.bucketStart, [item]);
  }
  return { byBucket: new Map([...buckets].map(([start, list]) => [start, weightedMean(list)])), total: weightedMean(all) };
}
