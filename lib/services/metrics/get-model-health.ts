import "server-only";
import type { Model } from "@/lib/db/schema";
import type { ServiceContext } from "../context";
import { getModelMetrics, getModelMetricsOf } from "./get-model-metrics";

export type Health = "healthy" | "watch" | "alert" | "no-data";

export type ModelHealth = {
  health: Health;
  reasons: string[];
  /** The figure the sparkline draws: positive rate (binary), MAE (regression) or volume, daily over 7 days. */
  sparkline: { label: string; points: (number | null)[] };
};

const ACCURACY_DROP = 0.05;

/**
 * A model's health over the last 7 days: alert on significant drift (PSI ≥ 0.25) or an accuracy
 * 5+ points below the week's in the last day; watch on moderate drift; no-data without traffic.
 */
export async function getModelHealth(ctx: ServiceContext, model: Pick<Model, "slug" | "task"> | Model, now = new Date()): Promise<ModelHealth> {
  const query = { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: now.toISOString(), bucket: "day" };
  // Given the whole row (the overview has just listed them), it is not looked up again.
  const m = "id" in model ? await getModelMetricsOf(ctx, model, query) : await getModelMetrics(ctx, model.slug, query);
  const sparkline =
    model.task === "binary"
      ? { label: "positive rate", points: m.series.map((p) => p.positiveRate?.value ?? null) }
      : model.task === "regression"
        ? { label: "MAE", points: m.series.map((p) => p.mae?.value ?? null) }
        : { label: "volume", points: m.series.map((p) => p.volume) };
  if (m.totals.volume === 0) return { health: "no-data", reasons: ["No predictions in the last 7 days"], sparkline };

  const reasons: string[] = [];
  let health: Health = "healthy";
  // Severities, not raw PSI: a window below the model's drift minimum is `insufficient`, no verdict.
  const output = m.drift.score ?? m.drift.prediction;
  const named = (severity: string) => [...(output?.severity === severity ? [m.drift.score ? "score" : "prediction"] : []), ...m.drift.features.filter((f) => f.severity === severity).map((f) => f.name)];
  const significant = named("significant");
  const moderate = named("moderate");
  if (significant.length) {
    health = "alert";
    reasons.push(`Significant drift: ${significant.join(", ")}`);
  } else if (moderate.length) {
    health = "watch";
    reasons.push(`Moderate drift: ${moderate.join(", ")}`);
  }

  const last = [...m.series].reverse().find((p) => p.volume > 0);
  const accuracy = (p: typeof m.totals) => p.groundTruthAccuracy?.value ?? p.estimatedAccuracy?.value ?? null;
  if (last && model.task !== "regression") {
    const [recent, week] = [accuracy(last), accuracy(m.totals)];
    if (recent !== null && week !== null && week - recent > ACCURACY_DROP) {
      health = "alert";
      reasons.push(`Accuracy fell to ${(recent * 100).toFixed(1)}% from ${(week * 100).toFixed(1)}% over the week`);
    }
  }
  if (last && model.task === "regression" && last.mae && m.totals.mae && last.mae.value > m.totals.mae.value * 1.25) {
    health = "alert";
    reasons.push(`MAE rose to ${last.mae.value.toFixed(2)} from ${m.totals.mae.value.toFixed(2)} over the week`);
  }
  return { health, reasons: reasons.length ? reasons : ["No drift, accuracy steady"], sparkline };
}
