// Client-safe shapes of what a rollup keeps beyond its scalar columns.

/** Sparse counts keyed by fine-bin index (see fine-bins.ts) or by category. */
export type Counts = Record<string, number>;

export type FeatureDistribution = { type: "numeric"; bins: Counts; count: number; sum: number } | { type: "categorical"; counts: Counts };

export type BucketDistributions = {
  /** 100 equal bins over [0, 1] of the score (binary: P(positive); multiclass: top probability). */
  score: number[];
  /** Predicted class → count (classifiers), or fine bins of the predicted value (regression). */
  predicted: Counts;
  /** "actual→predicted" → count, over predictions that have ground truth (classifiers). */
  confusion: Counts;
  /** Fine bins of actual − predicted (regression). */
  residuals: Counts;
  features: Record<string, FeatureDistribution>;
};

export const SCORE_BINS = 100;
/** Categories kept per feature and bucket; the rest are counted under OTHER_CATEGORY. */
export const MAX_CATEGORIES = 50;
export const OTHER_CATEGORY = "(other)";
export const MAX_FEATURES_TRACKED = 50;
