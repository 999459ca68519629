import { wilsonInterval, type ProportionEstimate } from "./wilson";

export interface WeightedItem {
  correct: boolean;
  /** The probability this item was drawn into the labelling sample, in (0, 1]. */
  inclusionProbability: number;
}

/**
 * Sampled accuracy when strata were sampled at different rates.
 *
 * Each labelled item stands for 1/π items of the population (π = its inclusion probability), so
 * the estimate is the ratio Σ wᵢ·correctᵢ / Σ wᵢ with wᵢ = 1/πᵢ. That is the Horvitz–Thompson
 * estimate of the number correct divided by the Horvitz–Thompson estimate of the population size
 * (the Hájek ratio form); we use the ratio because the population size of a window is itself
 * estimated, and the ratio always lands in [0, 1].
 *
 * Unequal weights make the estimate noisier than a simple sample of the same size. The interval
 * is therefore a Wilson interval at Kish's effective sample size
 *   n_eff = (Σ w)² / Σ w²      (L. Kish, Survey Sampling, 1965)
 * which equals n when all weights are equal. This ignores the gain from stratification, so it is
 * conservative when strata differ in accuracy; it is a design-effect approximation, not an exact
 * variance.
 *
 * `n` in the result is the raw number of labelled items (what DESIGN.md asks to show next to the
 * figure); null when there are no items. Throws for a probability outside (0, 1].
 */
export interface WeightedProportionEstimate extends ProportionEstimate {
  /** Kish's effective sample size the interval was computed at. */
  effectiveN: number;
}

export function weightedProportion(items: readonly WeightedItem[], z = 1.96): WeightedProportionEstimate | null {
  let smallestProbability = 1;
  for (const item of items) {
    const pi = item.inclusionProbability;
    if (!(pi > 0 && pi <= 1)) throw new RangeError("inclusionProbability must lie in (0, 1]");
    smallestProbability = Math.min(smallestProbability, pi);
  }
  if (items.length === 0) return null;

  // Weights scaled by the largest weight (1/π_min): uᵢ = π_min/πᵢ ∈ (0, 1]. The estimate and
  // n_eff do not change under scaling, and this way no weight or square can overflow.
  let total = 0;
  let totalSquared = 0;
  let correct = 0;
  for (const item of items) {
    const u = smallestProbability / item.inclusionProbability;
    total += u;
    totalSquared += u * u;
    if (item.correct) correct += u;
  }
  const value = Math.min(1, correct / total);
  const effectiveN = (total * total) / totalSquared;
  const interval = wilsonInterval(value * effectiveN, effectiveN, z);
  if (interval === null) return null;
  return { value, low: interval.low, high: interval.high, n: items.length, effectiveN };
}
