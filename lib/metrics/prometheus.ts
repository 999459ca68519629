import type { ModelMetrics } from "@/lib/services/metrics/get-model-metrics";

type Sample = { name: string; help: string; labels: Record<string, string>; value: number | null | undefined };

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/**
 * The latest figures of every model in Prometheus' text format (version 0.0.4). Figures without
 * data are left out rather than written as 0, as in the JSON.
 */
export function toPrometheus(all: ModelMetrics[], window: string): string {
  const samples: Sample[] = [];
  for (const m of all) {
    const base = { model: m.model, window };
    const t = m.totals;
    samples.push({ name: "vigil_predictions", help: "Predictions received in the window", labels: base, value: t.volume });
    samples.push({ name: "vigil_positive_rate", help: "Share of predictions of the positive class", labels: base, value: t.positiveRate?.value });
    samples.push({ name: "vigil_estimated_accuracy", help: "Accuracy estimated from calibrated scores, without labels", labels: base, value: t.estimatedAccuracy?.value });
    samples.push({ name: "vigil_sampled_accuracy", help: "Accuracy against annotators' labels on sampled predictions, weighted by inverse inclusion probability", labels: base, value: t.sampledAccuracy?.value });
    samples.push({ name: "vigil_sampled_mae", help: "Mean absolute error against annotators' values on sampled predictions, weighted by inverse inclusion probability (regression)", labels: base, value: t.sampledMae?.value });
    samples.push({ name: "vigil_sampled_labels", help: "Labelled sampled predictions behind vigil_sampled_accuracy or vigil_sampled_mae", labels: base, value: (t.sampledAccuracy ?? t.sampledMae)?.n });
    samples.push({ name: "vigil_ground_truth_accuracy", help: "Accuracy against ground truth received so far", labels: base, value: t.groundTruthAccuracy?.value });
    // 0, not absent, while predictions wait for their ground truth: a scrape can alert on it.
    samples.push({ name: "vigil_ground_truth_coverage", help: "Share of predictions with ground truth", labels: base, value: t.volume > 0 ? (t.groundTruthAccuracy?.coverage ?? t.mae?.coverage ?? 0) : null });
    samples.push({ name: "vigil_mae", help: "Mean absolute error (regression)", labels: base, value: t.mae?.value });
    samples.push({ name: "vigil_rmse", help: "Root mean squared error (regression)", labels: base, value: t.rmse?.value });
    // A drift figure below the model's drift minimum has no verdict: not exported, so an alert rule on it cannot fire on a handful of rows.
    const judged = <T extends { severity?: string }>(d: T | null | undefined) => (d && d.severity !== "insufficient" ? d : null);
    samples.push({ name: "vigil_score_psi", help: "Population stability index of the score against the reference window (classifiers)", labels: base, value: judged(m.drift.score)?.psi });
    samples.push({ name: "vigil_prediction_psi", help: "Population stability index of the predicted value against the reference window (regression)", labels: base, value: judged(m.drift.prediction)?.psi });
    for (const f of m.drift.features.filter((x) => x.severity !== "insufficient")) {
      samples.push({ name: "vigil_feature_psi", help: "Population stability index of a feature against the reference window", labels: { ...base, feature: f.name }, value: f.psi });
      if (f.type === "numeric") samples.push({ name: "vigil_feature_ks", help: "Kolmogorov-Smirnov D of a numeric feature against the reference window", labels: { ...base, feature: f.name }, value: f.ks });
    }
  }
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const name of [...new Set(samples.map((s) => s.name))]) {
    for (const s of samples.filter((x) => x.name === name && x.value !== null && x.value !== undefined && Number.isFinite(x.value))) {
      if (!seen.has(name)) {
        lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} gauge`);
        seen.add(name);
      }
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
      lines.push(`${name}{${labels}} ${s.value}`);
    }
  }
  return lines.join("\n") + "\n";
}
