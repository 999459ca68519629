/**
 * The mean of a non-negative quantity (an absolute error) over a sample drawn with unequal
 * inclusion probabilities, and its 95% interval.
 *
 * Each item stands for 1/π items of the population, so the estimate is the Hájek ratio
 *   μ̂ = Σ wᵢ·xᵢ / Σ wᵢ,   wᵢ = 1/πᵢ
 * (the Horvitz–Thompson total of x over the Horvitz–Thompson population size), the same form as
 * sampled accuracy (weighted-proportion.ts) with x in place of 0/1.
 *
 * Its variance is the Taylor-linearised variance of a ratio, with the with-replacement
 * approximation survey software uses for a one-stage design (R's survey::svymean with
 * `ids = ~1, weights = ~w`; Särndal, Swensson & Wretman, Model Assisted Survey Sampling, 1992):
 *   v(μ̂) = n/(n − 1) · Σ wᵢ²·(xᵢ − μ̂)² / (Σ wᵢ)²
 * With equal weights this is s²/n, the textbook variance of a mean. Unlike a variance at Kish's
 * effective n it keeps the link between weights and values: when the heavily weighted items are
 * also the ones with large errors (a capped day that went badly), the interval widens as it should.
 * The interval is μ̂ ± z·√v, cut at 0 below (a mean absolute error is never negative); it needs
 * two items, so with one `low` and `high` are null.
 *
 * `n` is the number of items; `effectiveN` Kish's (Σw)²/Σw², shown to say how much the weights
 * cost. Values that are not finite (an error past the largest double) count as the largest
 * double, "at least this large", as the rollups' MAE does. Throws for a probability outside (0, 1]
 * or a negative value.
 */
export interface WeightedMeanItem {
  value: number;
  /** The probability this item was drawn into the sample, in (0, 1]. */
  inclusionProbability: number;
}

export interface WeightedMeanEstimate {
  value: number;
  low: number | null;
  high: number | null;
  n: number;
  effectiveN: number;
}

export function weightedMean(items: readonly WeightedMeanItem[], z = 1.96): WeightedMeanEstimate | null {
  let smallestProbability = 1;
  let scale = 0;
  for (const item of items) {
    const pi = item.inclusionProbability;
    if (!(pi > 0 && pi <= 1)) throw new RangeError("inclusionProbability must lie in (0, 1]");
    if (Number.isNaN(item.value) || item.value < 0) throw new RangeError("value must be a non-negative number");
    smallestProbability = Math.min(smallestProbability, pi);
    scale = Math.max(scale, finite(item.value));
  }
  const n = items.length;
  if (n === 0) return null;

  // Weights scaled by the largest (uᵢ = π_min/πᵢ ∈ (0, 1]) and values by the largest (into
  // [0, 1]): neither changes the ratio, and no sum or square can overflow.
  const unit = scale > 0 ? scale : 1;
  let total = 0;
  let totalSquared = 0;
  let weighted = 0;
  for (const item of items) {
    const u = smallestProbability / item.inclusionProbability;
    total += u;
    totalSquared += u * u;
    weighted += u * (finite(item.value) / unit);
  }
  const mean = weighted / total;
  const effectiveN = (total * total) / totalSquared;
  if (n < 2) return { value: mean * unit, low: null, high: null, n, effectiveN };

  let spread = 0;
  for (const item of items) {
    const u = smallestProbability / item.inclusionProbability;
    const d = u * (finite(item.value) / unit - mean);
    spread += d * d;
  }
  const half = z * Math.sqrt(((n / (n - 1)) * spread) / (total * total));
  return { value: mean * unit, low: Math.max(0, (mean - half) * unit), high: Math.min(Number.MAX_VALUE, (mean + half) * unit), n, effectiveN };
}

const finite = (v: number) => Math.min(Number.MAX_VALUE, v);
