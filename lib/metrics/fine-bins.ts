/**
 * Fixed fine bins for any real number, shared by every bucket of every model, so histograms can
 * be added together across hours and compared between windows without knowing the data first.
 * Bins are 2% wide in log space away from zero (|x| in [1.02^k − 1, 1.02^(k+1) − 1)), mirrored
 * for negatives, with bin 0 for exactly zero. A value is located to within about 2%, which is the
 * resolution of the drift figures computed from these bins.
 */
const GROWTH = Math.log(1.02);

export function fineBinIndex(x: number): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  const k = Math.floor(Math.log1p(Math.abs(x)) / GROWTH) + 1;
  return x > 0 ? k : -k;
}

/** The [lower, upper) range of a bin (for negative bins, (lower, upper] mirrored). */
export function fineBinRange(index: number): [number, number] {
  if (index === 0) return [0, 0];
  const k = Math.abs(index);
  const inner = Math.expm1((k - 1) * GROWTH);
  // The bin that holds the largest doubles reaches past them: its bound is the largest double.
  const outer = Math.min(Number.MAX_VALUE, Math.expm1(k * GROWTH));
  return index > 0 ? [inner, outer] : [-outer, -inner];
}

/** A value standing for the bin in charts: its midpoint. */
export function fineBinMidpoint(index: number): number {
  const [a, b] = fineBinRange(index);
  return (a + b) / 2;
}

/** Sparse bin counts as dense arrays over the union of both sides' bins, in value order. */
export function alignFineBins(a: Record<string, number>, b: Record<string, number>): { indices: number[]; a: number[]; b: number[] } {
  const indices = [...new Set([...Object.keys(a), ...Object.keys(b)].map(Number))].sort((x, y) => x - y);
  return { indices, a: indices.map((i) => a[i] ?? 0), b: indices.map((i) => b[i] ?? 0) };
}
