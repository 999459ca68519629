// Small helpers shared by the sample-based statistics.
//
// Convention for the whole module: NaN and ±Infinity in a *sample* mean "no usable value" and are
// ignored (the figure's n counts only what was used). Arguments that cannot be right (a
// probability of 2, histograms of different lengths) throw a RangeError: that is a bug in the
// caller, not a property of the data.

/** The finite values of a sample, in their original order. */
export function finiteValues(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

/** The finite values of a sample, sorted ascending. */
export function sortedFinite(values: readonly number[]): number[] {
  return finiteValues(values).sort((a, b) => a - b);
}

/** How many entries of an ascending array are <= x (binary search, i.e. C++ upper_bound). */
export function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Throws unless every entry is a finite, non-negative count (counts may be weighted, so not integer). */
export function assertCounts(counts: readonly number[], name: string): void {
  for (const c of counts) {
    if (!Number.isFinite(c) || c < 0) throw new RangeError(`${name} must hold finite, non-negative counts`);
  }
}

/** Throws unless the array is strictly increasing and finite. */
export function assertIncreasing(edges: readonly number[], name: string): void {
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as number;
    if (!Number.isFinite(e)) throw new RangeError(`${name} must be finite`);
    if (i > 0 && !(e > (edges[i - 1] as number))) throw new RangeError(`${name} must be strictly increasing`);
  }
}

export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
