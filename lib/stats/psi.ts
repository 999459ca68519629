import { assertCounts, assertIncreasing, countAtMost, sortedFinite, sum } from "./sample";
import { cdfOf, sketchBinWeights, sketchDecileCuts, type QuantileSketch } from "./quantile-sketch";

// Population stability index (DESIGN.md, "Statistics: exact definitions"): 10 bins at the
// reference window's deciles, empty bins floored at 1e-4, 0.1 = moderate shift, 0.25 = significant.
//
//   PSI = Σᵢ (cᵢ − rᵢ) · ln(cᵢ / rᵢ)
//
// over bin proportions r (reference) and c (current). The thresholds are the customary credit-
// scoring ones (e.g. Siddiqi, Credit Risk Scorecards, 2006; Yurdakul, "Statistical properties of
// the population stability index", 2018).
//
// Bins are closed on the left: a value equal to a cut point belongs to the bin that starts there
// (the same convention as histogram() in regression.ts).

export const PSI_BINS = 10;
export const PSI_FLOOR = 1e-4;
export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;

export type PsiSeverity = "none" | "moderate" | "significant";

export function psiSeverity(psi: number): PsiSeverity {
  if (psi >= PSI_SIGNIFICANT) return "significant";
  if (psi >= PSI_MODERATE) return "moderate";
  return "none";
}

/**
 * The decile cut points of a reference sample: at most 9 strictly increasing values.
 *
 * Definition (the sketch version, sketchDecileCuts(), follows the same rule): a cut may only sit at
 * a reference value v, and "v as a cut" leaves below(v) = #{reference values < v} below it. The
 * k-th cut (k = 1..9) is the reference value whose below(v) is nearest to k·N/10, the lower one on
 * an exact tie. Without ties this is the (round(k·N/10) + 1)-th smallest value, so each bin holds
 * exactly a tenth of the reference when N is a multiple of 10.
 *
 * Ties: a tied value is one candidate, so a value repeated across several deciles gives one cut,
 * duplicates are dropped and fewer than 10 bins result. A heavy tie then gets a bin of its own
 * (cut at it and at the next value up). Dropping duplicates does not change the PSI: a zero-width
 * bin is empty in both windows and contributes (f − f)·ln 1 = 0. Consequence to know: a reference
 * with one distinct value c gives the bins (−∞, c) and [c, ∞), so it sees current values move
 * below c but not above it.
 *
 * Non-finite values are ignored; an empty reference gives no cuts.
 */
export function decileEdges(reference: readonly number[]): number[] {
  const sorted = sortedFinite(reference);
  const values: number[] = [];
  const below: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (i === 0 || v !== sorted[i - 1]) {
      values.push(v);
      below.push(i);
    }
  }
  return nearestToDeciles(below, sorted.length).map((i) => values[i] as number);
}

/** Counts per bin for inner cut points: bin i holds cuts[i−1] ≤ v < cuts[i]; cuts.length + 1 bins. */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  assertIncreasing(edges, "edges");
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const bin = countAtMost(edges, v);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}

/**
 * PSI from counts on the same bins. Each proportion is floored at `floor` separately (no
 * renormalisation), as DESIGN.md says, so an empty bin costs a large but finite amount.
 * Null when either window is empty.
 */
export function psi(referenceCounts: readonly number[], currentCounts: readonly number[], floor = PSI_FLOOR): number | null {
  if (referenceCounts.length !== currentCounts.length) throw new RangeError("count arrays must have the same length");
  if (!(floor > 0 && floor < 1)) throw new RangeError("floor must lie in (0, 1)");
  assertCounts(referenceCounts, "referenceCounts");
  assertCounts(currentCounts, "currentCounts");
  const referenceTotal = sum(referenceCounts);
  const currentTotal = sum(currentCounts);
  if (!(referenceTotal > 0 && currentTotal > 0)) return null;
  let total = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const r = Math.max(floor, (referenceCounts[i] as number) / referenceTotal);
    const c = Math.max(floor, (currentCounts[i] as number) / currentTotal);
    total += (c - r) * Math.log(c / r);
  }
  return total;
}

/** PSI of two raw samples, 10 bins at the reference deciles. Null when either is empty. */
export function psiFromSamples(reference: readonly number[], current: readonly number[]): number | null {
  const edges = decileEdges(reference);
  return psi(binCounts(reference, edges), binCounts(current, edges));
}

/**
 * For k = 1..9, the index of the candidate whose `below` is nearest k·total/10 (lower on a tie),
 * deduplicated. `below` must be strictly increasing. The best index never moves down as k grows,
 * so one forward pass suffices.
 */
function nearestToDeciles(below: readonly number[], total: number): number[] {
  const chosen: number[] = [];
  if (below.length === 0) return chosen;
  let i = 0;
  for (let k = 1; k < PSI_BINS; k++) {
    const target = (k * total) / PSI_BINS;
    while (i + 1 < below.length && Math.abs((below[i + 1] as number) - target) < Math.abs((below[i] as number) - target)) i++;
    if (chosen[chosen.length - 1] !== i) chosen.push(i);
  }
  return chosen;
}

/**
 * PSI of two sketches (quantile-sketch.ts): 10 bins at the reference sketch's deciles, by the
 * same rule as decileEdges(). `bins` says how many bins the reference could be cut into: fewer
 * than 10 when a few repeated values hold most of it, and then PSI sees only those few bins (a
 * constant reference gives 2: it cannot see values moving above the constant). Null when either
 * sketch is missing or empty.
 */
export function psiFromSketches(reference: QuantileSketch | null, current: QuantileSketch | null): { psi: number; bins: number } | null {
  if (!reference || !current || reference.n === 0 || current.n === 0) return null;
  const referenceCdf = cdfOf(reference);
  const cuts = sketchDecileCuts(referenceCdf, PSI_BINS);
  const value = psi(sketchBinWeights(referenceCdf, cuts), sketchBinWeights(cdfOf(current), cuts));
  return value === null ? null : { psi: value, bins: cuts.length + 1 };
}
