// Client-safe: the thresholds of the monitors that watch a model, as lines on its charts.
import type { MonitorMetric, MonitorState } from "./constants";

/** One monitor's absolute threshold(s), with its state, for the chart of the figure it reads. */
export type ChartThreshold = { monitorId: string; name: string; metric: MonitorMetric; class: string | null; values: number[]; state: MonitorState };

/** A line on a chart: where, what it says, in the colour of the monitor's state. */
export type ThresholdLine = { y: number; label: string; color: string };

const STATE_WORDS: Record<MonitorState, string> = { ok: "OK", pending: "pending", firing: "firing", resolved: "resolved" };
// The darker shades of the state badges, readable on white (WCAG AA for 11 px text).
const STATE_COLORS: Record<MonitorState, string> = { ok: "#047857", pending: "#b45309", firing: "#b91c1c", resolved: "#1d4ed8" };

type Watched = { enabled: boolean; kind?: string; sliceFeature?: string | null; thresholdMode: string; threshold?: number | null; thresholdHigh?: number | null; metric: MonitorMetric; class?: string | null; id: string; name: string; state: MonitorState };

/**
 * The monitors a chart can show: enabled, with an absolute threshold (a relative one moves with the
 * reference window, so it has no fixed place on the axis), on the whole model (a slice's accuracy
 * is not the line the model's accuracy chart draws), and not sequential (its threshold is the change
 * to notice, not a level of the figure).
 */
export function chartThresholds(monitors: readonly Watched[]): ChartThreshold[] {
  return monitors.flatMap((m) => {
    if (!m.enabled || m.kind === "sequential" || m.sliceFeature || m.thresholdMode !== "absolute" || typeof m.threshold !== "number") return [];
    const values = [m.threshold, ...(typeof m.thresholdHigh === "number" ? [m.thresholdHigh] : [])];
    return [{ monitorId: m.id, name: m.name, metric: m.metric, class: m.class ?? null, values, state: m.state }];
  });
}

/** The lines for a chart drawing `metrics` (and, for class share, `classes`). */
export function thresholdLines(thresholds: readonly ChartThreshold[], metrics: readonly MonitorMetric[], classes?: readonly string[]): ThresholdLine[] {
  return thresholds
    .filter((t) => metrics.includes(t.metric) && (t.metric !== "classShare" || (t.class !== null && (classes ?? []).includes(t.class))))
    .flatMap((t) => t.values.map((y) => ({ y, label: `${t.name}: ${STATE_WORDS[t.state]}`, color: STATE_COLORS[t.state] })));
}
