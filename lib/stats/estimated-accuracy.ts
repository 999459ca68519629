// Estimated accuracy without labels for a binary classifier with calibrated scores (DESIGN.md):
// if p = P(positive) is calibrated, the predicted class (the likelier one) is right with
// probability max(p, 1 − p), so the window's expected accuracy is the mean of that. This is the
// idea behind confidence-based performance estimation (CBPE, as in NannyML); it holds only as
// long as calibration does, which is why it is shown beside sampled and retrospective accuracy.

export interface EstimatedAccuracy {
  value: number;
  n: number;
}

/** Mean of max(p, 1 − p). Non-finite scores are skipped; a score outside [0, 1] throws. */
export function estimatedAccuracy(scores: readonly number[]): EstimatedAccuracy | null {
  let total = 0;
  let n = 0;
  for (const p of scores) {
    if (!Number.isFinite(p)) continue;
    if (p < 0 || p > 1) throw new RangeError("scores must be probabilities in [0, 1]");
    total += Math.max(p, 1 - p);
    n++;
  }
  return estimatedAccuracyFromSums(total, n);
}

/**
 * The same figure from a rollup's running sum of max(p, 1 − p) and its count. Null for n = 0.
 * The mean must lie in [0.5, 1]; it is clamped there to absorb rounding in long sums, and a
 * mean further than 1e-9 outside throws (the sum cannot have come from probabilities).
 */
export function estimatedAccuracyFromSums(sumMaxP: number, n: number): EstimatedAccuracy | null {
  if (!Number.isFinite(n) || n < 0) throw new RangeError("n must be a finite, non-negative number");
  if (!Number.isFinite(sumMaxP)) throw new RangeError("sumMaxP must be finite");
  if (n === 0) return null;
  const mean = sumMaxP / n;
  if (mean < 0.5 - 1e-9 || mean > 1 + 1e-9) throw new RangeError("sumMaxP / n must lie in [0.5, 1]");
  return { value: Math.min(1, Math.max(0.5, mean)), n };
}
