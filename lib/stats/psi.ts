import { assertCounts, assertIncreasing, countAtMost, sortedFinite, sum } from "./sample";

// Population stability index (DESIGN.md, "Statistics: exact definitions"): 10 bins at the
// reference window's deciles, empty bins floored at 1e-4, 0.1 = moderate shift, 0.25 = significant.
//
//   PSI = Σᵢ (cᵢ − rᵢ) · ln(cᵢ / rᵢ)
//
// over bin proportions r (reference) and c (current). The thresholds are the customary credit-
// scoring ones (e.g. Siddiqi, Credit Risk Scorecards, 2006; Yurdakul, "Statistical properties of
// the population stability index", 2018).
//
// Bins are closed on the left: a value equal to a cut point belongs to the bin that starts there.
// That is the same convention as histogram() in regression.ts, so cuts placed on fine-histogram
// edges split values exactly as the fine bins do.

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
 * Definition (chosen so the sample and the fine-histogram versions agree): a cut may only sit at
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
 * PSI from two histograms on the same fine edges (what the rollups keep; `edges` has one more
 * entry than each histogram).
 *
 * The reference deciles are found by cumulative count and rounded to fine edges: each decile cut
 * goes to the inner fine edge whose cumulative reference count is nearest to k·N/10 (lower on a
 * tie), the same rule decileEdges() applies to values. Where several edges have the same
 * cumulative count (empty reference bins between them) the highest is used, i.e. the start of the
 * next non-empty reference bin, which is where decileEdges() would cut. Then the fine bins are
 * merged into the resulting (at most 10) bins for both windows.
 *
 * Approximation: a decile can only land on a fine edge, so the bins hold roughly, not exactly, a
 * tenth of the reference each, and values inside one fine bin cannot be separated. When every
 * reference decile falls on a fine edge the result equals psiFromSamples() exactly (tested).
 */
export function psiFromHistograms(
  referenceHist: readonly number[],
  currentHist: readonly number[],
  edges: readonly number[],
): number | null {
  if (currentHist.length !== referenceHist.length) throw new RangeError("histograms must have the same length");
  const cuts = histogramDecileCutIndices(referenceHist, edges);
  return psi(mergeBins(referenceHist, cuts), mergeBins(currentHist, cuts));
}

/** The fine edges psiFromHistograms() cuts at (the histogram analogue of decileEdges()). */
export function histogramDecileEdges(referenceHist: readonly number[], edges: readonly number[]): number[] {
  return histogramDecileCutIndices(referenceHist, edges).map((j) => edges[j] as number);
}

function histogramDecileCutIndices(referenceHist: readonly number[], edges: readonly number[]): number[] {
  if (edges.length !== referenceHist.length + 1) throw new RangeError("edges must have one more entry than the histogram");
  assertIncreasing(edges, "edges");
  assertCounts(referenceHist, "referenceHist");
  const total = sum(referenceHist);
  // Candidates: inner edges j = 1..B−1, keyed by the reference count below them. A cut with
  // the whole reference below it is no cut at all, as in decileEdges().
  const indices: number[] = [];
  const below: number[] = [];
  let cumulative = 0;
  for (let j = 1; j < referenceHist.length; j++) {
    cumulative += referenceHist[j - 1] as number;
    if (cumulative >= total) break;
    if (below.length > 0 && below[below.length - 1] === cumulative) indices[indices.length - 1] = j;
    else {
      indices.push(j);
      below.push(cumulative);
    }
  }
  return nearestToDeciles(below, total).map((i) => indices[i] as number);
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

/** Sums fine bins into the bins delimited by the cut edge indices (bin 0 is [0, cuts[0]), ...). */
function mergeBins(hist: readonly number[], cuts: readonly number[]): number[] {
  const merged = new Array<number>(cuts.length + 1).fill(0);
  let bin = 0;
  for (let j = 0; j < hist.length; j++) {
    while (bin < cuts.length && j >= (cuts[bin] as number)) bin++;
    merged[bin] = (merged[bin] as number) + (hist[j] as number);
  }
  return merged;
}
