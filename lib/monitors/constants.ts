// Client-safe constants about monitors and alerts: the form, the API and the services share them.

export const MONITOR_METRICS = [
  "positiveRate",
  "classShare",
  "estimatedAccuracy",
  "sampledAccuracy",
  "groundTruthAccuracy",
  "labelCoverage",
  "sampledMae",
  "volume",
  "mae",
  "rmse",
  "scorePsi",
  "featurePsi",
  "featureKs",
  "featureMissing",
  "featureWrongType",
  "featureOutOfRange",
  "featureNewCategory",
] as const;
export type MonitorMetric = (typeof MONITOR_METRICS)[number];

/** A feature's data-quality shares in the window (API.md "Metrics out", each drift row's `quality`). */
export const QUALITY_METRICS = ["featureMissing", "featureWrongType", "featureOutOfRange", "featureNewCategory"] as const satisfies readonly MonitorMetric[];
/** Drift tests of a feature: over every feature at once, their p-values are corrected together. */
export const FEATURE_TEST_METRICS = ["featurePsi", "featureKs"] as const satisfies readonly MonitorMetric[];
/** Metrics of one feature (`feature`), or of every feature at once without one. */
export const FEATURE_METRICS: readonly MonitorMetric[] = [...FEATURE_TEST_METRICS, ...QUALITY_METRICS];

export const METRIC_LABELS: Record<MonitorMetric, string> = {
  positiveRate: "Positive rate",
  classShare: "Class share",
  estimatedAccuracy: "Estimated accuracy",
  sampledAccuracy: "Sampled accuracy (human labels)",
  groundTruthAccuracy: "Ground-truth accuracy",
  labelCoverage: "Ground-truth coverage",
  sampledMae: "Sampled MAE (human labels)",
  volume: "Volume (predictions in the window)",
  mae: "MAE",
  rmse: "RMSE",
  scorePsi: "Score PSI",
  featurePsi: "Feature PSI",
  featureKs: "Feature KS D",
  featureMissing: "Feature missing share",
  featureWrongType: "Feature wrong-type share",
  featureOutOfRange: "Feature out-of-range share",
  featureNewCategory: "Feature new-category share",
};

/** Which tasks give each figure (API.md: regression has no accuracies, multiclass no positive rate). */
export const METRIC_TASKS: Record<MonitorMetric, readonly ("binary" | "multiclass" | "regression")[]> = {
  positiveRate: ["binary"],
  classShare: ["multiclass"],
  estimatedAccuracy: ["binary", "multiclass"],
  sampledAccuracy: ["binary", "multiclass"],
  groundTruthAccuracy: ["binary", "multiclass"],
  labelCoverage: ["binary", "multiclass", "regression"],
  sampledMae: ["regression"],
  volume: ["binary", "multiclass", "regression"],
  mae: ["regression"],
  rmse: ["regression"],
  scorePsi: ["binary", "multiclass"],
  featurePsi: ["binary", "multiclass", "regression"],
  featureKs: ["binary", "multiclass", "regression"],
  featureMissing: ["binary", "multiclass", "regression"],
  featureWrongType: ["binary", "multiclass", "regression"],
  featureOutOfRange: ["binary", "multiclass", "regression"],
  featureNewCategory: ["binary", "multiclass", "regression"],
};

/** Figures that come with a 95% interval, so "fire only when the interval is past" applies. */
export const METRICS_WITH_INTERVAL: readonly MonitorMetric[] = ["positiveRate", "classShare", "sampledAccuracy", "groundTruthAccuracy", "sampledMae"];
/** Figures that already compare with the reference window: a relative threshold makes no sense. */
export const DRIFT_METRICS: readonly MonitorMetric[] = ["scorePsi", "featurePsi", "featureKs"];
/** Shares and rates drawn as percentages. */
export const PROPORTION_METRICS: readonly MonitorMetric[] = ["positiveRate", "classShare", "estimatedAccuracy", "sampledAccuracy", "groundTruthAccuracy", "labelCoverage", ...QUALITY_METRICS];

export const COMPARISONS = ["above", "below", "outside"] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const COMPARISON_LABELS: Record<Comparison, string> = { above: "is above", below: "is below", outside: "is outside a band" };

export const THRESHOLD_MODES = ["absolute", "relative"] as const;
export type ThresholdMode = (typeof THRESHOLD_MODES)[number];

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const POLICIES = ["notify", "propose-retrain", "auto-retrain-deploy"] as const;
export type Policy = (typeof POLICIES)[number];
export const POLICY_LABELS: Record<Policy, string> = {
  notify: "Notify only",
  "propose-retrain": "Propose a retrain for approval",
  "auto-retrain-deploy": "Retrain and deploy automatically",
};

export const CORRECTIONS = ["bonferroni", "benjamini-hochberg"] as const;
export type Correction = (typeof CORRECTIONS)[number];
export const CORRECTION_LABELS: Record<Correction, string> = {
  bonferroni: "Bonferroni (family-wise error)",
  "benjamini-hochberg": "Benjamini–Hochberg (false discovery rate)",
};

/** A monitor's state; RESOLVED lasts one evaluation, then the monitor is OK again. */
export const MONITOR_STATES = ["ok", "pending", "firing", "resolved"] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

export const ALERT_STATES = ["firing", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_EVENT_TYPES = ["fired", "resolved", "acknowledged", "silenced", "unsilenced", "action_requested"] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

export const WINDOW_CHOICES = ["1h", "6h", "24h", "3d", "7d"] as const;
export const MAX_WINDOW_HOURS = 30 * 24;

/** "24h" → hours; windows are whole hours because the rollups are hourly. */
export function windowHours(window: string): number {
  const match = /^(\d{1,4})(h|d)$/.exec(window);
  if (!match) return NaN;
  return Number(match[1]) * (match[2] === "d" ? 24 : 1);
}
