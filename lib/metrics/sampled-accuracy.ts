import { weightedProportion, type WeightedProportionEstimate } from "@/lib/stats";

/**
 * Sampled accuracy: the model's prediction against the human label, on the predictions sampled
 * for labelling. Under stratified sampling each labelled item stands for 1/π predictions (π its
 * inclusion probability: its stratum's rate, or less when a daily cap cut its batch, see
 * keepUnderCap in lib/labelling/sampling.ts), so the estimate is the weighted share
 * Σ wᵢ·correctᵢ / Σ wᵢ, and its 95% interval is a Wilson interval at Kish's effective sample size
 * n_eff = (Σw)²/Σw² (lib/stats/weighted-proportion.ts says why). With one rate for every item
 * n_eff = n and this is the plain Wilson interval. `n` is the number of labelled items, shown next
 * to the figure; `effectiveN` the size the interval was computed at.
 */
export type SampledAccuracy = WeightedProportionEstimate;

/** Labelled items of one bucket sharing one inclusion probability: how many, and how many the model got right. */
export type SampledGroup = { bucketStart: number; inclusionProbability: number; n: number; correct: number };

/** The weighted accuracy of a set of groups, or null when none has a label. */
export function sampledAccuracyOf(groups: readonly Omit<SampledGroup, "bucketStart">[]): SampledAccuracy | null {
  const items: { correct: boolean; inclusionProbability: number }[] = [];
  for (const g of groups) {
    for (let i = 0; i < g.n; i++) items.push({ correct: i < g.correct, inclusionProbability: g.inclusionProbability });
  }
  return weightedProportion(items);
}

/** Sampled accuracy per bucket start (ms), and over all the groups. */
export function sampledAccuracyByBucket(groups: readonly SampledGroup[]): { byBucket: Map<number, SampledAccuracy | null>; total: SampledAccuracy | null } {
  const buckets = new Map<number, SampledGroup[]>();
  for (const g of groups) {
    const list = buckets.get(g.bucketStart);
    if (list) list.push(g);
    else buckets.set(g.bucketStart, [g]);
  }
  return { byBucket: new Map([...buckets].map(([start, list]) => [start, sampledAccuracyOf(list)])), total: sampledAccuracyOf(groups) };
}
