import { twoProportionLowerP } from "@/lib/stats/two-proportion";
import { cdfOf, cdfWeight, type QuantileSketch } from "@/lib/stats/quantile-sketch";
import { ownValue } from "./own-keys";
import { OTHER_CATEGORY, VALUE_TYPES, type BucketDistributions, type FeatureDistribution, type TypeCounts, type ValueType } from "./rollup-types";

// Data quality of a feature in a window against the reference, from rollups only (API.md "Metrics
// out", docs/adr/0019-feature-quality-from-rollups.md).

export const QUALITY_KINDS = ["missing", "wrongType", "outOfRange", "newCategory"] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

/** Shares of the window's predictions (null without predictions, or where the kind does not apply). */
export type FeatureQuality = Record<QualityKind, number | null> & {
  /** Predictions in the window: every share's denominator. */
  n: number;
  counts: Record<QualityKind, number>;
  /** The type most of the reference's values had; null when the reference has none. */
  referenceType: ValueType | null;
  /** The reference window's own missing share. */
  reference: { n: number; missing: number | null; count: number };
  /** The missing share rose by at least MISSING_JUMP over the reference's, and not by chance (p < MISSING_JUMP_ALPHA). */
  missingJumped: boolean;
  /** False when outOfRange or newCategory are estimates (see featureQuality). */
  exact: boolean;
};

/** A window's merged distributions and its number of predictions. */
export type QualityWindow = { d: BucketDistributions; volume: number };

/** A rise of the missing share that the page and the JSON call a jump: 5 points, one-sided p < 0.01. */
export const MISSING_JUMP = 0.05;
const MISSING_JUMP_ALPHA = 0.01;
/** Predictions each window needs before a jump is called: the z-test's normal approximation needs some. */
const MISSING_JUMP_MIN_N = 30;

const presentOf = (types: TypeCounts | undefined) => VALUE_TYPES.reduce((sum, t) => sum + (types?.[t] ?? 0), 0);

/** The type most present values had (ties: VALUE_TYPES' order). */
export function mainType(types: TypeCounts | undefined): ValueType | null {
  let best: ValueType | null = null;
  for (const t of VALUE_TYPES) if ((types?.[t] ?? 0) > 0 && (best === null || types![t]! > types![best]!)) best = t;
  return best;
}

const isExactSketch = (s: QuantileSketch) => {
  const points = new Set(s.points);
  return s.weights.every((w, i) => w === 1 || points.has(i));
};

/**
 * Current values below the reference's minimum or above its maximum, from the current sketch's
 * CDF at those two points. Exact when the sketch is (up to 250 distinct values, or every centroid
 * a single value) or when a point lies outside the current range; otherwise within the sketch's
 * rank error at that point.
 */
function outOfRange(reference: QuantileSketch, current: QuantileSketch): { count: number; exact: boolean } {
  const below = current.min >= reference.min ? 0 : current.max < reference.min ? current.n : null;
  const above = current.max <= reference.max ? 0 : current.min > reference.max ? current.n : null;
  if (below !== null && above !== null) return { count: below + above, exact: true };
  const cdf = cdfOf(current);
  const estimate = (below ?? cdfWeight(cdf, reference.min, true)) + (above ?? current.n - cdfWeight(cdf, reference.max, false));
  const exact = isExactSketch(current);
  return { count: exact ? Math.round(estimate) : estimate, exact };
}

/**
 * Current values of categories the reference never had. Rollups keep up to 50 categories per
 * feature and hour and count the rest under "(other)": with "(other)" in either window, a category
 * folded there cannot be told apart, so the count covers the named ones only and is not exact.
 */
function newCategories(reference: Record<string, number>, current: Record<string, number>): { count: number; exact: boolean } {
  let count = 0;
  for (const [category, n] of Object.entries(current)) if (category !== OTHER_CATEGORY && ownValue(reference, category) === undefined) count += n;
  return { count, exact: ownValue(reference, OTHER_CATEGORY) === undefined && ownValue(current, OTHER_CATEGORY) === undefined };
}

/**
 * Whether the distribution holds every value of its own type: merging skips a part whose feature
 * had the other distribution type (an hour whose first value was a string), and what it skipped
 * is not in the range or category figures.
 */
function holdsAll(f: FeatureDistribution): boolean {
  if (f.type === "numeric") return f.sketch.n === (f.types?.number ?? 0);
  return Object.values(f.counts).reduce((a, b) => a + b, 0) === presentOf(f.types);
}

/** One feature's quality in the current window against the reference window. */
export function featureQuality(name: string, reference: QualityWindow | null, current: QualityWindow): FeatureQuality {
  const ref = reference ? ownValue(reference.d.features, name) : undefined;
  const cur = ownValue(current.d.features, name);
  const n = current.volume;
  const present = presentOf(cur?.types);
  const referenceType = mainType(ref?.types);
  const counts: Record<QualityKind, number> = {
    missing: Math.max(0, n - present),
    wrongType: referenceType ? present - (cur?.types?.[referenceType] ?? 0) : 0,
    outOfRange: 0,
    newCategory: 0,
  };
  let exact = true;
  // A numeric reference has a range, any other a set of categories; a window whose distribution
  // took the other shape (its hours began with values of another type) has no figure to compare.
  if (ref && cur && referenceType) {
    const found =
      referenceType === "number"
        ? ref.type === "numeric" && cur.type === "numeric" ? outOfRange(ref.sketch, cur.sketch) : null
        : ref.type === "categorical" && cur.type === "categorical" ? newCategories(ref.counts, cur.counts) : null;
    if (found) counts[referenceType === "number" ? "outOfRange" : "newCategory"] = found.count;
    exact = !!found && found.exact && holdsAll(ref) && holdsAll(cur);
  }
  const referenceN = reference?.volume ?? 0;
  const referenceMissing = Math.max(0, referenceN - presentOf(ref?.types));
  const share = (count: number, of: number) => (of > 0 ? count / of : null);
  const jumpP = twoProportionLowerP(referenceMissing, referenceN, counts.missing, n);
  const rise = (share(counts.missing, n) ?? 0) - (share(referenceMissing, referenceN) ?? 0);
  // A kind that does not apply (no reference type; a range of categories) is null, never 0.
  return {
    missing: share(counts.missing, n),
    wrongType: referenceType ? share(counts.wrongType, n) : null,
    outOfRange: referenceType === "number" ? share(counts.outOfRange, n) : null,
    newCategory: referenceType && referenceType !== "number" ? share(counts.newCategory, n) : null,
    n,
    counts,
    referenceType,
    reference: { n: referenceN, missing: share(referenceMissing, referenceN), count: referenceMissing },
    missingJumped: jumpP !== null && Math.min(n, referenceN) >= MISSING_JUMP_MIN_N && rise >= MISSING_JUMP && jumpP < MISSING_JUMP_ALPHA,
    exact,
  };
}
