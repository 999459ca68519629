import { regularizedGammaQ } from "./gamma";

export { regularizedGammaP, regularizedGammaQ, logGamma } from "./gamma";

// Categorical drift (DESIGN.md): Pearson's two-sample chi-square test of homogeneity on the 2 × k
// table of reference and current counts. Both windows are samples, so neither is taken as the
// truth: a one-sample goodness-of-fit against the reference's proportions ignores the reference's
// own sampling error and alarmed on 16–22% of undrifted windows at α = 0.05.

export interface ChiSquareResult {
  chi2: number;
  degreesOfFreedom: number;
  pValue: number;
}

/** The smallest expected count a cell may have (Cochran's rule); rarer categories are pooled. */
export const MIN_EXPECTED_COUNT = 5;

/** P(X ≥ x) for X ~ χ²(df): Q(df/2, x/2), the regularized upper incomplete gamma. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError("df must be a finite number > 0");
  if (Number.isNaN(x)) throw new RangeError("x must be a number");
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * The columns of the 2 × k table after pooling rare categories: a category whose smaller expected
 * cell (its total × the smaller window's total / N) is under MIN_EXPECTED_COUNT joins one pooled
 * column; while the pool itself is under it, the next rarest category joins too. Categories are
 * taken rarest first (then by name, so the result does not depend on key order).
 */
export function pooledColumns(reference: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): { reference: number[]; current: number[] } {
  const names = [...new Set([...Object.keys(reference), ...Object.keys(current)])];
  const columns = names
    .map((name) => ({ name, r: own(reference, name), c: own(current, name) }))
    .filter((col) => col.r + col.c > 0)
    .sort((a, b) => a.r + a.c - (b.r + b.c) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const referenceTotal = columns.reduce((t, col) => t + col.r, 0);
  const currentTotal = columns.reduce((t, col) => t + col.c, 0);
  const total = referenceTotal + currentTotal;
  const smallerExpected = (columnTotal: number) => (columnTotal * Math.min(referenceTotal, currentTotal)) / total;
  const pool = { r: 0, c: 0 };
  let i = 0;
  while (i < columns.length && (smallerExpected(columns[i]!.r + columns[i]!.c) < MIN_EXPECTED_COUNT || (pool.r + pool.c > 0 && smallerExpected(pool.r + pool.c) < MIN_EXPECTED_COUNT))) {
    pool.r += columns[i]!.r;
    pool.c += columns[i]!.c;
    i++;
  }
  const kept = columns.slice(i);
  if (pool.r + pool.c > 0) kept.push({ name: "", ...pool });
  return { reference: kept.map((col) => col.r), current: kept.map((col) => col.c) };
}

/**
 * χ² = Σ (O − E)² / E over the 2 × k table (rare categories pooled, see pooledColumns), with
 * E = row total × column total / N, and df = k − 1. Null when either window is empty or fewer than
 * two columns remain (nothing to compare). Throws for negative or non-finite counts.
 */
export function chiSquareHomogeneity(
  reference: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
): ChiSquareResult | null {
  checkCounts(reference, "reference");
  checkCounts(current, "current");
  const table = pooledColumns(reference, current);
  const k = table.reference.length;
  const referenceTotal = table.reference.reduce((a, b) => a + b, 0);
  const currentTotal = table.current.reduce((a, b) => a + b, 0);
  if (!(referenceTotal > 0 && currentTotal > 0) || k < 2) return null;
  const total = referenceTotal + currentTotal;
  let chi2 = 0;
  for (let j = 0; j < k; j++) {
    const columnTotal = table.reference[j]! + table.current[j]!;
    for (const [observed, rowTotal] of [[table.reference[j]!, referenceTotal], [table.current[j]!, currentTotal]] as const) {
      const expected = (rowTotal * columnTotal) / total;
      chi2 += ((observed - expected) * (observed - expected)) / expected;
    }
  }
  const degreesOfFreedom = k - 1;
  // Only counts beyond ~1e150 can overflow; report the largest finite statistic rather than ∞.
  if (!Number.isFinite(chi2)) return { chi2: Number.MAX_VALUE, degreesOfFreedom, pValue: 0 };
  return { chi2, degreesOfFreedom, pValue: chiSquareSurvival(chi2, degreesOfFreedom) };
}

function checkCounts(counts: Readonly<Record<string, number>>, name: string): void {
  for (const v of Object.values(counts)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} counts must be finite and non-negative`);
  }
}

/** A category's count; own keys only, so a category named "constructor" is not Object's. */
function own(counts: Readonly<Record<string, number>>, key: string): number {
  return Object.hasOwn(counts, key) ? (counts[key] as number) : 0;
}
