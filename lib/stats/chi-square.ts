import { regularizedGammaQ } from "./gamma";

export { regularizedGammaP, regularizedGammaQ, logGamma } from "./gamma";

// Chi-square goodness-of-fit of a window's category counts against the reference window's
// proportions (DESIGN.md: categorical feature drift).

export interface ChiSquareResult {
  chi2: number;
  degreesOfFreedom: number;
  pValue: number;
}

/** Pseudo-count given to a category the reference never saw (see chiSquareTest). */
export const UNSEEN_CATEGORY_PSEUDO_COUNT = 0.5;

/** P(X ≥ x) for X ~ χ²(df): Q(df/2, x/2), the regularized upper incomplete gamma. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError("df must be a finite number > 0");
  if (Number.isNaN(x)) throw new RangeError("x must be a number");
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * Pearson's χ² = Σ (O − E)² / E over categories, with E = N·pᵢ from the reference.
 *
 * `current` and `reference` are counts per category (the reference as counts, not proportions:
 * the floor below is defined in reference counts). Categories:
 * - in the reference (count > 0): always included, even when the current window has none of them;
 * - in the current window but not in the reference (absent or 0): given a pseudo-count of 0.5,
 *   i.e. a proportion of 0.5 / (total reference count), and then all reference proportions are
 *   renormalised to sum to 1. Without a floor E = 0 and χ² is infinite; 0.5 is the usual
 *   continuity-style choice (as in Jeffreys' or Haldane's 0.5 corrections), large enough that one
 *   new category does not swamp the statistic, small enough that many new items still do;
 * - in neither: ignored.
 * Degrees of freedom = number of categories used − 1.
 *
 * Null when either window is empty or fewer than 2 categories remain (df = 0: nothing to test).
 * Throws for negative or non-finite counts.
 */
export function chiSquareTest(
  current: Readonly<Record<string, number>>,
  reference: Readonly<Record<string, number>>,
): ChiSquareResult | null {
  checkCounts(current, "current");
  checkCounts(reference, "reference");
  const categories = new Set<string>();
  for (const [k, v] of Object.entries(reference)) if (v > 0) categories.add(k);
  for (const [k, v] of Object.entries(current)) if (v > 0) categories.add(k);

  let currentTotal = 0;
  let referenceTotal = 0;
  for (const k of categories) {
    currentTotal += own(current, k);
    referenceTotal += own(reference, k);
  }
  if (!(currentTotal > 0 && referenceTotal > 0) || categories.size < 2) return null;

  // Pseudo-counts for unseen categories, then one normalisation: same as flooring the proportion
  // at 0.5/total and renormalising.
  let flooredTotal = 0;
  const expectedWeight = new Map<string, number>();
  for (const k of categories) {
    const r = own(reference, k);
    const w = r > 0 ? r : UNSEEN_CATEGORY_PSEUDO_COUNT;
    expectedWeight.set(k, w);
    flooredTotal += w;
  }

  let chi2 = 0;
  for (const k of categories) {
    const expected = (currentTotal * (expectedWeight.get(k) as number)) / flooredTotal;
    const diff = own(current, k) - expected;
    chi2 += (diff * diff) / expected;
  }
  const degreesOfFreedom = categories.size - 1;
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
