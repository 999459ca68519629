// Client-safe shapes of what a rollup keeps beyond its scalar columns.
import type { QuantileSketch } from "@/lib/stats/quantile-sketch";

/** Sparse counts keyed by category (or class, or "actual→predicted"). */
export type Counts = Record<string, number>;

/** The JSON type of a feature's value as sent (null and absent are "missing", not a type). */
export const VALUE_TYPES = ["number", "string", "boolean", "object"] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
/** Present (non-null) values of a feature by JSON type: with the window's volume, its missing count. */
export type TypeCounts = Partial<Record<ValueType, number>>;

/**
 * Numeric values as a quantile sketch (lib/stats/quantile-sketch.ts), which merges hour → day → range.
 * `types` counts every present value by its JSON type, whatever the feature's distribution type
 * (a string sent for a numeric feature is in `types`, not in the sketch): data quality reads it.
 */
export type FeatureDistribution = ({ type: "numeric"; sketch: QuantileSketch; count: number; sum: number } | { type: "categorical"; counts: Counts }) & { types: TypeCounts };

export type BucketDistributions = {
  /** 100 equal bins over [0, 1] of the score (binary: P(positive); multiclass: top probability), for the histogram. */
  score: number[];
  /** The score as a sketch: what score PSI is computed from, at any resolution the scores need. */
  scoreSketch: QuantileSketch | null;
  /** Predicted class → count (classifiers). */
  predicted: Counts;
  /** The predicted value (regression), for prediction PSI. */
  predictedValue: QuantileSketch | null;
  /** "actual→predicted" → count, over predictions that have ground truth (classifiers). */
  confusion: Counts;
  /** actual − predicted (regression), for the residual histogram. */
  residualSketch: QuantileSketch | null;
  features: Record<string, FeatureDistribution>;
};

/**
 * The shape of `distributions` written by this code. Rollups of an older shape (log-spaced fine
 * bins, before drift became independent of units) are rebuilt from the raw predictions; until
 * then their windows report drift as being rebuilt rather than mix the two. Version 3 added each
 * feature's `types` (data quality).
 */
export const DISTRIBUTIONS_VERSION = 3;

export const SCORE_BINS = 100;
/** Categories kept per feature and bucket; the rest are counted under OTHER_CATEGORY. */
export const MAX_CATEGORIES = 50;
export const OTHER_CATEGORY = "(other)";
export const MAX_FEATURES_TRACKED = 50;
