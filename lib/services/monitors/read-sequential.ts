import "server-only";
import type { Model, Monitor } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { MAX_WINDOW_HOURS } from "@/lib/monitors/constants";
import type { MonitorRule } from "@/lib/monitors/schemas";
import { observe, type ObservationWithDetails } from "@/lib/monitors/observe";
import type { Limits } from "@/lib/monitors/state-machine";
import { advanceSequential, sequentialValue, designSequential, startSequential, type HourOfRate, type SequentialDesign, type SequentialStep, type SequentialState } from "@/lib/monitors/sequential";
import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { getModelMetricsOf } from "../metrics";
import { systemContext } from "../context";

const HOUR_MS = 3600_000;

type SequentialRule = Pick<MonitorRule, "metric" | "class" | "comparison" | "threshold" | "falseAlarmDays" | "feature" | "allFeatures" | "minN" | "correction" | "alpha">;

/** The hour's count of the rate: successes of trials (a null figure is an hour without draws). */
function hourOf(rule: SequentialRule, point: ModelMetrics["series"][number]): HourOfRate {
  const estimate =
    rule.metric === "groundTruthAccuracy" ? point.groundTruthAccuracy : rule.metric === "positiveRate" ? point.positiveRate : rule.class ? point.classShare?.[rule.class] : null;
  if (!estimate || estimate.value === null || !(estimate.n > 0)) return { start: point.start, trials: 0, successes: 0 };
  return { start: point.start, trials: estimate.n, successes: Math.round(estimate.value * estimate.n) };
}

/**
 * The design: the reference window's rate is the baseline; the volume is today's (the last 24
 * complete hours' n of the rate, hour by hour), or the reference window's mean when today has none. Null
 * while the model has no reference window or it has no figure.
 */
export async function designFromReference(db: Database, rule: SequentialRule, model: Model, now: Date): Promise<{ design: SequentialDesign; referenceEnd: Date } | null> {
  const ctx = systemContext(db, "monitor evaluation");
  const asRule = { ...rule, window: "24h", thresholdMode: "absolute" as const, thresholdHigh: null, resolveThreshold: null, resolveThresholdHigh: null, requireInterval: false, forEvaluations: 1, kind: "sequential" as const, sliceFeature: null, sliceValue: null };
  const today = await getModelMetricsOf(ctx, model, { from: new Date(now.getTime() - 24 * HOUR_MS).toISOString(), to: now.toISOString(), bucket: "hour" });
  const reference = today.drift.reference;
  if (!reference) return null;
  const metrics = await getModelMetricsOf(ctx, model, { from: reference.from, to: reference.to, bucket: "day" });
  const figure = observe(asRule, metrics);
  const hours = (new Date(reference.to).getTime() - new Date(reference.from).getTime()) / HOUR_MS;
  if (figure.value === null || !(figure.n > 0) || !(hours > 0)) return null;
  // Today's hourly profile (hours without rows count as empty), or the reference's mean when today has none.
  const profile = Array.from({ length: 24 }, (_, i) => {
    const start = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (24 - i) * HOUR_MS).toISOString();
    const point = today.series.find((p) => p.start === start);
    return point ? hourOf(rule, point).trials : 0;
  });
  const hourlyTrials = profile.some((n) => n > 0) ? profile : figure.n / hours;
  const design = designSequential({ baseline: figure.value, shift: rule.threshold, direction: rule.comparison, hourlyTrials, falseAlarmDays: rule.falseAlarmDays ?? 30 });
  return { design, referenceEnd: new Date(reference.to) };
}

/**
 * One tick of a sequential monitor, read outside the transaction: the complete hours after the
 * state's `through` (at most 30 days of them) counted into the CUSUM. The first evaluation fixes
 * the design and starts counting at the end of the reference window (at most 30 days back), so
 * the change point of a decay that began before the monitor existed is still found.
 */
export async function readSequential(db: Database, monitor: Monitor, model: Model, now: Date): Promise<{ step: SequentialStep | null; readFrom: SequentialState | null }> {
  const readFrom = monitor.sequentialState;
  let state = readFrom;
  const completeHours = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  if (!state) {
    const found = await designFromReference(db, monitor, model, now);
    if (!found) return { step: null, readFrom };
    const earliest = completeHours.getTime() - MAX_WINDOW_HOURS * HOUR_MS;
    state = startSequential(found.design, new Date(Math.max(earliest, Math.ceil(found.referenceEnd.getTime() / HOUR_MS) * HOUR_MS)));
  }
  const from = new Date(Math.max(new Date(state.through).getTime(), completeHours.getTime() - MAX_WINDOW_HOURS * HOUR_MS));
  if (from >= completeHours) return { step: { state, verdict: "no-data", changePointAt: null, rateSinceChange: null, trials: 0 }, readFrom };
  const metrics = await getModelMetricsOf(systemContext(db, "monitor evaluation"), model, { from: from.toISOString(), to: completeHours.toISOString(), bucket: "hour" });
  const hours = metrics.series.filter((p) => new Date(p.start) < completeHours).map((p) => hourOf(monitor, p));
  // Hours without predictions have no row: count them as passed, so `through` reaches the last complete hour.
  hours.push({ start: new Date(completeHours.getTime() - HOUR_MS).toISOString(), trials: 0, successes: 0 });
  const firing = monitor.state === "firing";
  return { step: advanceSequential({ ...state, through: from.toISOString() }, firing, hours), readFrom };
}

/** What the evaluation row records: the CUSUM (the recovery sum while firing) against h; at a crossing, h itself. */
export function sequentialFigure(step: SequentialStep | null, firing: boolean): { observation: ObservationWithDetails; limits: Limits | null } {
  if (!step) return { observation: { value: null, n: 0 }, limits: null };
  const { h } = step.state.design;
  const value = step.verdict === "breach" ? h : sequentialValue(step.state, firing);
  return { observation: { value, n: step.trials }, limits: { threshold: h, thresholdHigh: null, resolve: h, resolveHigh: null } };
}

/** A sequential alert reports the rate since the change point against the shifted rate it tested, and the change point. */
export function sequentialAlert(breach: SequentialStep): { value: number | null; threshold: number; changePointAt: Date | null } {
  const { baseline, shift } = breach.state.design;
  return {
    value: breach.rateSinceChange,
    threshold: breach.state.firedSide === "high" ? baseline + shift : baseline - shift,
    changePointAt: breach.changePointAt ? new Date(breach.changePointAt) : null,
  };
}
