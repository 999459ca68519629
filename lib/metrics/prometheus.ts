import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { SEVERITIES, type Severity } from "@/lib/monitors/constants";

type Sample = { name: ExportedMetric; labels: Record<string, string>; value: number | null | undefined };

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** Every metric the scrape can hold, with its HELP text (integrations/grafana/vigil.json queries only these). */
export const EXPORTED_METRICS = {
  vigil_predictions: "Predictions received in the window",
  vigil_positive_rate: "Share of predictions of the positive class",
  vigil_class_share: "Share of predictions of each class (multiclass)",
  vigil_estimated_accuracy: "Accuracy estimated from calibrated scores, without labels",
  vigil_sampled_accuracy: "Accuracy against annotators' labels on sampled predictions, weighted by inverse inclusion probability",
  vigil_sampled_mae: "Mean absolute error against annotators' values on sampled predictions, weighted by inverse inclusion probability (regression)",
  vigil_sampled_labels: "Labelled sampled predictions behind vigil_sampled_accuracy or vigil_sampled_mae",
  vigil_ground_truth_accuracy: "Accuracy against ground truth received so far",
  vigil_ground_truth_coverage: "Share of predictions with ground truth",
  vigil_mae: "Mean absolute error (regression)",
  vigil_rmse: "Root mean squared error (regression)",
  vigil_score_psi: "Population stability index of the score against the reference window (classifiers)",
  vigil_prediction_psi: "Population stability index of the predicted value against the reference window (regression)",
  vigil_feature_psi: "Population stability index of a feature against the reference window",
  vigil_feature_ks: "Kolmogorov-Smirnov D of a numeric feature against the reference window",
  vigil_feature_missing_ratio: "Share of the window's predictions where a feature was absent or null",
  vigil_feature_wrong_type_ratio: "Share of the window's predictions where a feature had another type than in the reference window",
  vigil_feature_out_of_range_ratio: "Share of the window's predictions where a numeric feature was below the reference window's minimum or above its maximum",
  vigil_feature_new_category_ratio: "Share of the window's predictions where a categorical feature had a category the reference window never had",
  vigil_open_alerts: "Alerts firing now, by severity",
} as const;
export type ExportedMetric = keyof typeof EXPORTED_METRICS;

/** What the scrape writes of a model: its totals over the window and its drift verdicts. */
export type ScrapeFigures = Pick<ModelMetrics, "model" | "totals"> & { drift: Pick<ModelMetrics["drift"], "score" | "prediction" | "features"> };

/** Open (firing) alerts of a model by severity; a model with none has no entry. */
export type OpenAlerts = Map<string, Partial<Record<Severity, number>>>;

/**
 * The latest figures of every model in Prometheus' text format (version 0.0.4). Figures without
 * data are left out rather than written as 0, as in the JSON; open alerts are counts, so they are
 * written for every severity (0 included) and a dashboard or rule sees them fall back to 0.
 */
export function toPrometheus(all: ScrapeFigures[], window: string, openAlerts: OpenAlerts = new Map()): string {
  const samples: Sample[] = [];
  for (const m of all) {
    const base = { model: m.model, window };
    const t = m.totals;
    samples.push({ name: "vigil_predictions", labels: base, value: t.volume });
    samples.push({ name: "vigil_positive_rate", labels: base, value: t.positiveRate?.value });
    for (const [label, share] of Object.entries(t.classShare ?? {})) {
      samples.push({ name: "vigil_class_share", labels: { ...base, class: label }, value: share?.value });
    }
    samples.push({ name: "vigil_estimated_accuracy", labels: base, value: t.estimatedAccuracy?.value });
    samples.push({ name: "vigil_sampled_accuracy", labels: base, value: t.sampledAccuracy?.value });
    samples.push({ name: "vigil_sampled_mae", labels: base, value: t.sampledMae?.value });
    samples.push({ name: "vigil_sampled_labels", labels: base, value: (t.sampledAccuracy ?? t.sampledMae)?.n });
    samples.push({ name: "vigil_ground_truth_accuracy", labels: base, value: t.groundTruthAccuracy?.value });
    // 0, not absent, while predictions wait for their ground truth: a scrape can alert on it.
    samples.push({ name: "vigil_ground_truth_coverage", labels: base, value: t.volume > 0 ? (t.groundTruthAccuracy?.coverage ?? t.mae?.coverage ?? 0) : null });
    samples.push({ name: "vigil_mae", labels: base, value: t.mae?.value });
    samples.push({ name: "vigil_rmse", labels: base, value: t.rmse?.value });
    // A drift figure below the model's drift minimum has no verdict: not exported, so an alert rule on it cannot fire on a handful of rows.
    const judged = <T extends { severity?: string }>(d: T | null | undefined) => (d && d.severity !== "insufficient" ? d : null);
    samples.push({ name: "vigil_score_psi", labels: base, value: judged(m.drift.score)?.psi });
    samples.push({ name: "vigil_prediction_psi", labels: base, value: judged(m.drift.prediction)?.psi });
    for (const f of m.drift.features.filter((x) => x.severity !== "insufficient")) {
      samples.push({ name: "vigil_feature_psi", labels: { ...base, feature: f.name }, value: f.psi });
      if (f.type === "numeric") samples.push({ name: "vigil_feature_ks", labels: { ...base, feature: f.name }, value: f.ks });
    }
    // Data quality is a share with its own n, not a drift verdict: written whenever the window has predictions.
    for (const f of m.drift.features) {
      const labels = { ...base, feature: f.name };
      samples.push({ name: "vigil_feature_missing_ratio", labels, value: f.quality.missing });
      samples.push({ name: "vigil_feature_wrong_type_ratio", labels, value: f.quality.wrongType });
      samples.push({ name: "vigil_feature_out_of_range_ratio", labels, value: f.quality.outOfRange });
      samples.push({ name: "vigil_feature_new_category_ratio", labels, value: f.quality.newCategory });
    }
    for (const severity of SEVERITIES) {
      samples.push({ name: "vigil_open_alerts", labels: { model: m.model, severity }, value: openAlerts.get(m.model)?.[severity] ?? 0 });
    }
  }
  // One pass grouping by name (in first-seen order), and each label value escaped once: a scrape
  // of 100 models writes thousands of samples over a few hundred distinct label values.
  const byName = new Map<ExportedMetric, Sample[]>();
  for (const s of samples) {
    if (s.value === null || s.value === undefined || !Number.isFinite(s.value)) continue;
    const group = byName.get(s.name);
    if (group) group.push(s);
    else byName.set(s.name, [s]);
  }
  const escaped = new Map<string, string>();
  const escapeOnce = (v: string) => {
    let e = escaped.get(v);
    if (e === undefined) escaped.set(v, (e = escapeLabel(v)));
    return e;
  };
  const lines: string[] = [];
  for (const [name, group] of byName) {
    lines.push(`# HELP ${name} ${EXPORTED_METRICS[name]}`, `# TYPE ${name} gauge`);
    for (const s of group) {
      let labels = "";
      for (const k in s.labels) labels += `${labels ? "," : ""}${k}="${escapeOnce(s.labels[k]!)}"`;
      lines.push(`${name}{${labels}} ${s.value}`);
    }
  }
  return lines.join("\n") + "\n";
}
