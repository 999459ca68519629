// Client-safe and pure: a model's health on the overview, from its last 7 days and its open alerts.
import type { ModelTask } from "@/lib/models/constants";
import type { ModelMetrics } from "./metrics-types";

export type Health = "healthy" | "watch" | "alert" | "no-data";
export type OpenAlert = { monitor: string; severity: "info" | "warning" | "critical" };

type Point = ModelMetrics["totals"];
type Figure = { value: number | null; low?: number | null; high?: number | null } | null | undefined;

/** A fall this large (in accuracy points) in the last day against the week is decay. */
export const ACCURACY_DROP = 0.05;
const RANK: Record<Health, number> = { "no-data": 0, healthy: 1, watch: 2, alert: 3 };

/**
 * Every accuracy the model has, most trusted first: ground truth, then the annotators' sampled
 * accuracy, then the estimate from calibrated scores.
 */
const ACCURACIES: { name: string; read: (p: Point) => Figure; interval: boolean }[] = [
  { name: "ground truth", read: (p) => p.groundTruthAccuracy, interval: true },
  { name: "sampled from labels", read: (p) => p.sampledAccuracy, interval: true },
  { name: "estimated", read: (p) => p.estimatedAccuracy, interval: false },
];

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * Alert on significant drift, an open critical alert, or an accuracy of any kind 5+ points below
 * the week's in the last day (for measured accuracies, only when the day's 95% interval lies below
 * the week's figure too: a day of ten labels proves little); watch on moderate drift or another
 * open alert; no-data without traffic and without open alerts. Each finding is a reason shown on
 * the card; a healthy card says which accuracies it read.
 */
export function judgeHealth(m: Pick<ModelMetrics, "totals" | "series" | "drift">, task: ModelTask, openAlerts: readonly OpenAlert[]): { health: Health; reasons: string[] } {
  const reasons: string[] = [];
  let health: Health = "healthy";
  const raise = (to: Health, reason: string) => {
    if (RANK[to] > RANK[health]) health = to;
    reasons.push(reason);
  };

  if (openAlerts.length) {
    const names = openAlerts.map((a) => a.monitor).join(", ");
    raise(openAlerts.some((a) => a.severity === "critical") ? "alert" : "watch", `${openAlerts.length} open alert${openAlerts.length === 1 ? "" : "s"}: ${names}`);
  }
  if (m.totals.volume === 0) return openAlerts.length ? { health, reasons: ["No predictions in the last 7 days", ...reasons] } : { health: "no-data", reasons: ["No predictions in the last 7 days"] };

  // Severities, not raw PSI: a window below the model's drift minimum is `insufficient`, no verdict.
  const output = m.drift.score ?? m.drift.prediction;
  const named = (severity: string) => [...(output?.severity === severity ? [m.drift.score ? "score" : "prediction"] : []), ...m.drift.features.filter((f) => f.severity === severity).map((f) => f.name)];
  const significant = named("significant");
  const moderate = named("moderate");
  if (significant.length) raise("alert", `Significant drift: ${significant.join(", ")}`);
  else if (moderate.length) raise("watch", `Moderate drift: ${moderate.join(", ")}`);

  const last = [...m.series].reverse().find((p) => p.volume > 0);
  const steady: string[] = [];
  if (last && task !== "regression") {
    for (const source of ACCURACIES) {
      const [recent, week] = [source.read(last), source.read(m.totals)];
      if (typeof recent?.value !== "number" || typeof week?.value !== "number") continue;
      const fell = week.value - recent.value > ACCURACY_DROP && (!source.interval || (typeof recent.high === "number" && recent.high < week.value));
      if (fell) raise("alert", `Accuracy (${source.name}) fell to ${pct(recent.value)} from ${pct(week.value)} over the week`);
      else steady.push(`${source.name} ${pct(week.value)}`);
    }
  }
  if (last && task === "regression" && last.mae && m.totals.mae && last.mae.value > m.totals.mae.value * 1.25) {
    raise("alert", `MAE rose to ${last.mae.value.toFixed(2)} from ${m.totals.mae.value.toFixed(2)} over the week`);
  }
  if (!significant.length && !moderate.length && (health as Health) !== "alert") reasons.push(steady.length ? `No drift; accuracy steady (${steady.join(", ")})` : "No drift, accuracy steady");
  return { health, reasons };
}
