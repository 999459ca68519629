import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import type { QualityKind } from "@/lib/metrics/feature-quality";
import { correct } from "./multiple-testing";
import type { Observation } from "./state-machine";
import type { MonitorRule } from "./schemas";

// Reads a monitor's figure out of the metrics JSON (API.md "Metrics out") for its window.

export type FeatureFinding = { name: string; effect: number; pValue: number; adjusted: number; significant: boolean; n: number };
export type ObservationWithDetails = Observation & { features?: FeatureFinding[] };

type Point = ModelMetrics["totals"];
type Estimate = { value: number; n: number; low?: number | null; high?: number | null };

const isEstimate = (v: unknown): v is Estimate =>
  typeof v === "object" && v !== null && typeof (v as Estimate).value === "number" && typeof (v as Estimate).n === "number";

const NO_DATA: Observation = { value: null, n: 0 };

/** The window's figure; sampledAccuracy is read by API.md's shape and is no data when absent. */
export function observe(rule: MonitorRule, metrics: ModelMetrics): ObservationWithDetails {
  const totals: Point = metrics.totals;
  const estimate = (v: unknown): Observation => (isEstimate(v) ? { value: v.value, n: v.n, low: v.low ?? null, high: v.high ?? null } : NO_DATA);
  switch (rule.metric) {
    case "positiveRate":
      return estimate(totals.positiveRate);
    case "classShare":
      return estimate(rule.class ? totals.classShare?.[rule.class] : null);
    case "estimatedAccuracy":
      return estimate(totals.estimatedAccuracy);
    case "sampledAccuracy":
      return estimate((totals as { sampledAccuracy?: unknown }).sampledAccuracy);
    case "groundTruthAccuracy":
      return estimate(totals.groundTruthAccuracy);
    case "labelCoverage": {
      // Classifiers: every window with predictions has a groundTruthAccuracy carrying its coverage
      // (0 before any truth); regression's MAE is null until truth arrives, which is coverage 0.
      const truth = totals.groundTruthAccuracy ?? totals.mae ?? null;
      return totals.volume > 0 ? { value: truth ? truth.coverage : 0, n: totals.volume } : NO_DATA;
    }
    case "volume":
      // Volume is its own sample (the schema sets its minimum n to 0: a drop to nothing must fire).
      return { value: totals.volume, n: totals.volume };
    case "sampledMae":
      return estimate(totals.sampledMae);
    case "mae":
      return estimate(totals.mae);
    case "rmse":
      return estimate(totals.rmse);
    case "scorePsi": {
      // A window below the model's drift minimum is no verdict: the monitor neither fires nor resolves.
      const output = metrics.drift.score ?? metrics.drift.prediction ?? null;
      if (!output || output.psi === null || output.severity === "insufficient") return NO_DATA;
      return { value: output.psi, n: Math.min(totals.volume, metrics.drift.reference?.volume ?? 0) };
    }
    case "featurePsi":
    case "featureKs":
      return rule.allFeatures ? observeAllFeatures(rule, metrics) : observeFeature(rule, metrics);
    case "featureMissing":
    case "featureWrongType":
    case "featureOutOfRange":
    case "featureNewCategory":
      return observeQuality(rule, QUALITY_KIND[rule.metric], metrics);
  }
}

const QUALITY_KIND = { featureMissing: "missing", featureWrongType: "wrongType", featureOutOfRange: "outOfRange", featureNewCategory: "newCategory" } as const;

/**
 * A feature's data-quality share in the window, its n the window's predictions. Every feature at
 * once: the largest share among the features that have one. A share is a proportion, not a test
 * per feature, so there is nothing to correct; the threshold is the share no feature may pass.
 */
function observeQuality(rule: MonitorRule, kind: QualityKind, metrics: ModelMetrics): Observation {
  const shares = metrics.drift.features
    .filter((f) => rule.allFeatures || f.name === rule.feature)
    .flatMap((f) => (f.quality[kind] === null ? [] : [{ value: f.quality[kind], n: f.quality.n }]));
  if (!shares.length) return NO_DATA;
  return { value: Math.max(...shares.map((s) => s.value)), n: Math.min(...shares.map((s) => s.n)) };
}

const effectOf = (rule: Pick<MonitorRule, "metric">, f: ModelMetrics["drift"]["features"][number]): number | null =>
  rule.metric === "featureKs" ? (f.type === "numeric" ? f.ks : null) : f.psi;

function observeFeature(rule: MonitorRule, metrics: ModelMetrics): Observation {
  const feature = metrics.drift.features.find((f) => f.name === rule.feature);
  const effect = feature && feature.severity !== "insufficient" ? effectOf(rule, feature) : null;
  return feature && effect !== null ? { value: effect, n: Math.min(feature.n, feature.referenceN) } : NO_DATA;
}

/**
 * Every feature at once: the features with at least the minimum n (and the model's drift minimum) form the family; their p-values
 * (KS for numeric features, chi-square for categorical ones) are corrected together; the value is
 * the largest effect (PSI, or KS D) among the features still significant after the correction, 0
 * when none is. The threshold is the effect-size floor, so with ten million rows a shift that is
 * significant but trivial (PSI 0.01) stays below it and does not fire.
 */
function observeAllFeatures(rule: MonitorRule, metrics: ModelMetrics): ObservationWithDetails {
  const family = metrics.drift.features
    .filter((f) => f.severity !== "insufficient")
    .map((f) => ({ name: f.name, effect: effectOf(rule, f), pValue: f.pValue, n: Math.min(f.n, f.referenceN) }))
    .filter((f): f is { name: string; effect: number; pValue: number; n: number } => f.effect !== null && f.pValue !== null && f.n >= rule.minN);
  if (!family.length) return NO_DATA;
  const { adjusted, rejected } = correct(rule.correction, family.map((f) => f.pValue), rule.alpha);
  const features = family.map((f, i) => ({ ...f, adjusted: adjusted[i]!, significant: rejected[i]! }));
  const value = Math.max(0, ...features.filter((f) => f.significant).map((f) => f.effect));
  return { value, n: Math.min(...family.map((f) => f.n)), features };
}

/** The reference window's own value, for relative thresholds. */
export function referenceValue(rule: MonitorRule, referenceMetrics: ModelMetrics | null): number | null {
  if (!referenceMetrics) return null;
  return observe(rule, referenceMetrics).value;
}
