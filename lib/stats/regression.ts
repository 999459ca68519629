import { assertIncreasing, countAtMost } from "./sample";

// Regression error figures (DESIGN.md: MAE, RMSE and a histogram of residuals).

export interface RegressionErrors {
  mae: number;
  rmse: number;
  /** Mean of actual − predicted: positive when the model under-predicts. */
  meanResidual: number;
  n: number;
}

/**
 * MAE, RMSE and mean residual, residual = actual − predicted. Pairs with a non-finite value or
 * residual are skipped (n counts the pairs used); null when none are left. The sums are taken
 * over residuals divided by the largest |residual|, then scaled back, so residuals near 1e200
 * do not overflow when squared.
 */
export function regressionErrors(pairs: readonly { predicted: number; actual: number }[]): RegressionErrors | null {
  const residuals: number[] = [];
  let scale = 0;
  for (const { predicted, actual } of pairs) {
    const r = actual - predicted;
    if (!Number.isFinite(r)) continue;
    residuals.push(r);
    scale = Math.max(scale, Math.abs(r));
  }
  const n = residuals.length;
  if (n === 0) return null;
  if (scale === 0) return { mae: 0, rmse: 0, meanResidual: 0, n };
  let absolute = 0;
  let squared = 0;
  let signed = 0;
  for (const r of residuals) {
    const u = r / scale;
    absolute += Math.abs(u);
    squared += u * u;
    signed += u;
  }
  return { mae: scale * (absolute / n), rmse: scale * Math.sqrt(squared / n), meanResidual: scale * (signed / n), n };
}

/**
 * Counts of `values` in the bins of `edges` (B + 1 strictly increasing edges, B ≥ 1 bins).
 * Bin i is [edges[i], edges[i+1]); the last bin also takes its upper edge. Values below the first
 * edge are counted in the first bin and values above the last in the last bin, so a rollup never
 * loses mass to an out-of-range value (the outer bins are really (−∞, edges[1]) and
 * [edges[B−1], ∞)); choose edges that cover the expected range. Non-finite values are skipped.
 */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  if (edges.length < 2) throw new RangeError("a histogram needs at least two edges");
  assertIncreasing(edges, "edges");
  const bins = edges.length - 1;
  const inner = edges.slice(1, -1);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const bin = countAtMost(inner, v);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}

/** `bins` equal-width bins from min to max: bins + 1 edges, the last exactly max. */
export function evenEdges(min: number, max: number, bins: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) throw new RangeError("need finite min < max");
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError("bins must be a positive integer");
  const edges: number[] = [];
  // min + (max − min)·i/bins, written as a weighted mean so max − min cannot overflow.
  for (let i = 0; i < bins; i++) edges.push(min * (1 - i / bins) + max * (i / bins));
  edges.push(max);
  for (let i = 1; i < edges.length; i++) {
    if (!((edges[i] as number) > (edges[i - 1] as number))) throw new RangeError("bins too narrow for floating point");
  }
  return edges;
}
