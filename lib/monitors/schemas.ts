import { z } from "zod";
import { IsoTime } from "@/lib/validation/time";
import {
  ALERT_STATES,
  COMPARISONS,
  CORRECTIONS,
  DRIFT_METRICS,
  FEATURE_METRICS,
  MAX_WINDOW_HOURS,
  METRICS_WITH_INTERVAL,
  MONITOR_METRICS,
  POLICIES,
  SEVERITIES,
  THRESHOLD_MODES,
  windowHours,
} from "./constants";
import { MONITOR_KINDS, SEQUENTIAL_METRICS } from "./sequential";

// The monitor definition: one schema for the form, the API (API.md "Monitors as code") and the
// services. Form fields arrive as text, so numbers are coerced and an empty field means "not set".

const blank = (v: unknown) => v === "" || v === null || v === undefined;
const optionalNumber = (message = "must be a number") =>
  z.preprocess((v) => (blank(v) ? undefined : v), z.coerce.number({ message }).refine(Number.isFinite, message).optional());
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (blank(v) ? fallback : v),
    z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `at most ${max.toLocaleString("en")}`),
  );

export const MonitorDefinition = z
  .object({
    model: z.string({ message: "Choose a model" }).trim().min(1, "Choose a model"),
    name: z.string({ message: "Give the monitor a name" }).trim().min(1, "Give the monitor a name").max(120, "at most 120 characters"),
    description: z.string().trim().max(1000, "at most 1,000 characters").default(""),
    metric: z.enum(MONITOR_METRICS, { message: "Choose a metric" }),
    /** window: the window's figure against a threshold at every tick; sequential: a CUSUM (ADR 0021) whose threshold is the change to notice. */
    kind: z.enum(MONITOR_KINDS, { message: "Choose window or sequential" }).default("window"),
    /** sequential: about one false alarm every this many days on healthy traffic. */
    falseAlarmDays: z.preprocess((v) => (blank(v) ? 30 : v), z.coerce.number({ message: "must be a number" }).min(1, "must be at least 1 day").max(3650, "at most 3,650 days")).optional(),
    /** Feature metrics (drift and data quality): the feature's name; omit it (or set allFeatures) for every feature. */
    feature: z.preprocess((v) => (blank(v) ? undefined : v), z.string().trim().min(1).max(200).optional()),
    allFeatures: z.boolean().default(false),
    /** classShare: the class whose share is watched. */
    class: z.preprocess((v) => (blank(v) ? undefined : v), z.string().trim().min(1).max(200).optional()),
    /** Ground-truth accuracy within a slice: a declared segment feature, and its value (omitted: any value, corrected together). */
    sliceFeature: z.preprocess((v) => (blank(v) ? undefined : v), z.string().trim().min(1).max(200).optional()),
    sliceValue: z.preprocess((v) => (blank(v) ? undefined : v), z.string().trim().min(1).max(500).optional()),
    window: z
      .string({ message: "Enter a window such as 24h or 7d" })
      .trim()
      .superRefine((w, ctx) => {
        const hours = windowHours(w);
        if (!Number.isFinite(hours)) ctx.addIssue({ code: "custom", message: "Enter a window in whole hours or days, such as 6h, 24h or 7d" });
        else if (hours < 1 || hours > MAX_WINDOW_HOURS) ctx.addIssue({ code: "custom", message: "The window must be between 1h and 30d" });
      }),
    comparison: z.enum(COMPARISONS, { message: "Choose above, below or outside" }),
    thresholdMode: z.enum(THRESHOLD_MODES, { message: "Choose absolute or relative" }).default("absolute"),
    threshold: optionalNumber("Enter a threshold"),
    /** outside: the band is [threshold, thresholdHigh]. */
    thresholdHigh: optionalNumber(),
    /** Hysteresis: a firing alert resolves only once the value is back past this (default: the threshold). */
    resolveThreshold: optionalNumber(),
    resolveThresholdHigh: optionalNumber(),
    minN: wholeNumber(0, 100_000_000, 100),
    /** Fire only when the 95% interval, not just the point, is past the threshold. */
    requireInterval: z.boolean().default(false),
    forEvaluations: wholeNumber(1, 1440, 1),
    correction: z.enum(CORRECTIONS, { message: "Choose Bonferroni or Benjamini–Hochberg" }).default("benjamini-hochberg"),
    alpha: z.preprocess((v) => (blank(v) ? 0.05 : v), z.coerce.number({ message: "must be a number" }).gt(0, "must be above 0").max(0.5, "at most 0.5")).optional(),
    severity: z.enum(SEVERITIES, { message: "Choose info, warning or critical" }).default("warning"),
    policy: z.enum(POLICIES, { message: "Choose notify, propose-retrain or auto-retrain-deploy" }).default("notify"),
    channels: z.array(z.uuid({ message: "not a notification channel id" })).max(20).default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const featureMetric = FEATURE_METRICS.includes(m.metric);
    const allFeatures = featureMetric && (m.allFeatures || !m.feature);
    if (!featureMetric && (m.feature || m.allFeatures)) issue("feature", "Only feature drift and data-quality metrics take a feature");
    if (m.metric === "classShare" && !m.class) issue("class", "Choose the class whose share to watch");
    if (m.metric !== "classShare" && m.class) issue("class", "Only class share takes a class");
    if (m.kind === "sequential") {
      if (m.sliceFeature) issue("sliceFeature", "A sequential monitor watches the whole model: choose the window kind to watch a slice");
      return checkSequential(m, issue);
    }
    if (m.sliceValue && !m.sliceFeature) issue("sliceFeature", "Choose the segment feature whose value to watch");
    if (m.sliceFeature && m.metric !== "groundTruthAccuracy") issue("sliceFeature", "A slice is watched by its ground-truth accuracy: choose that metric");
    if (m.sliceFeature && !m.sliceValue) {
      // Any slice: the figure is the largest drop among slices significant after the correction.
      if (m.comparison !== "above") issue("comparison", "A monitor over any slice fires when a slice's drop is above its floor");
      if (m.thresholdMode !== "absolute") issue("thresholdMode", "A slice's drop already compares with the rest of the window: use an absolute threshold");
      if (m.requireInterval) issue("requireInterval", "A monitor over any slice tests each slice already; untick the option");
      if (m.threshold !== undefined && (m.threshold < 0 || m.threshold >= 1)) issue("threshold", "The drop floor is a share of accuracy, from 0 to below 1 (0.05 is 5 points)");
    }
    if (m.threshold === undefined) issue("threshold", m.comparison === "outside" ? "Enter the low end of the band" : "Enter a threshold");
    if (m.thresholdMode === "relative" && DRIFT_METRICS.includes(m.metric)) {
      issue("thresholdMode", "Drift already compares with the reference window: use an absolute threshold");
    }
    if (m.requireInterval && !METRICS_WITH_INTERVAL.includes(m.metric)) {
      issue("requireInterval", "This metric has no confidence interval; untick the option");
    }
    if (allFeatures && m.comparison !== "above") {
      issue("comparison", DRIFT_METRICS.includes(m.metric) ? "A monitor over all features fires when drift is above its effect-size floor" : "A monitor over all features fires when a feature's share is above the threshold");
    }
    if (m.threshold === undefined) return;

    if (m.comparison === "outside") {
      if (m.thresholdHigh === undefined) return issue("thresholdHigh", "Enter the high end of the band");
      if (m.thresholdHigh <= m.threshold) return issue("thresholdHigh", "must be above the low end");
      const [low, high] = [m.resolveThreshold ?? m.threshold, m.resolveThresholdHigh ?? m.thresholdHigh];
      if (low < m.threshold || low >= high) issue("resolveThreshold", "The resolve band must lie inside the alert band");
      if (high > m.thresholdHigh) issue("resolveThresholdHigh", "The resolve band must lie inside the alert band");
      return;
    }
    if (m.thresholdHigh !== undefined) issue("thresholdHigh", "Only a band (outside) has a high end");
    if (m.resolveThresholdHigh !== undefined) issue("resolveThresholdHigh", "Only a band (outside) has a high end");
    if (m.resolveThreshold !== undefined) {
      if (m.comparison === "above" && m.resolveThreshold > m.threshold) issue("resolveThreshold", "must be at or below the threshold, so the alert resolves once the value falls back");
      if (m.comparison === "below" && m.resolveThreshold < m.threshold) issue("resolveThreshold", "must be at or above the threshold, so the alert resolves once the value recovers");
    }
  })
  .transform((m) => {
    const featureMetric = FEATURE_METRICS.includes(m.metric);
    return {
      ...m,
      allFeatures: featureMetric && (m.allFeatures || !m.feature),
      feature: featureMetric && !m.allFeatures ? (m.feature ?? null) : null,
      class: m.metric === "classShare" ? (m.class ?? null) : null,
      sliceFeature: m.sliceFeature ?? null,
      sliceValue: m.sliceFeature ? (m.sliceValue ?? null) : null,
      // Volume is its own sample: a minimum would stop a drop to no traffic from ever firing.
      minN: m.metric === "volume" ? 0 : m.minN,
      falseAlarmDays: m.kind === "sequential" ? (m.falseAlarmDays ?? 30) : null,
      // A sequential monitor fires at its crossing: there is nothing to wait for.
      forEvaluations: m.kind === "sequential" ? 1 : m.forEvaluations,
      alpha: m.alpha ?? 0.05,
      threshold: m.threshold!,
      thresholdHigh: m.comparison === "outside" ? m.thresholdHigh! : null,
      resolveThreshold: m.resolveThreshold ?? null,
      resolveThresholdHigh: m.comparison === "outside" ? (m.resolveThresholdHigh ?? null) : null,
    };
  });
type Issue = (path: string, message: string) => void;

/** A sequential monitor's threshold is the change to notice, in points of the rate; it needs a rate counted per hour. */
function checkSequential(m: { metric: string; thresholdMode: string; threshold?: number; thresholdHigh?: number; resolveThreshold?: number; resolveThresholdHigh?: number }, issue: Issue): void {
  if (!(SEQUENTIAL_METRICS as readonly string[]).includes(m.metric)) issue("metric", "A sequential monitor watches a rate counted each hour: ground-truth accuracy, positive rate or a class share");
  if (m.thresholdMode !== "absolute") issue("thresholdMode", "A sequential monitor compares with the reference window already: the change is in absolute points");
  if (m.threshold === undefined) issue("threshold", "Enter the change to notice, such as 0.05 for five points");
  else if (!(m.threshold > 0 && m.threshold < 1)) issue("threshold", "The change to notice must lie between 0 and 1 (0.05 is five points)");
  if (m.thresholdHigh !== undefined || m.resolveThreshold !== undefined || m.resolveThresholdHigh !== undefined) {
    issue("resolveThreshold", "A sequential monitor resolves on evidence of recovery: leave the band and resolve fields empty");
  }
}

export type MonitorDefinitionInput = z.input<typeof MonitorDefinition>;
export type MonitorDefinition = z.output<typeof MonitorDefinition>;

/** What the state machine and the evaluator need of a stored monitor. */
export type MonitorRule = Pick<
  MonitorDefinition,
  "metric" | "kind" | "falseAlarmDays" | "feature" | "allFeatures" | "class" | "sliceFeature" | "sliceValue" | "window" | "comparison" | "thresholdMode" | "threshold" | "thresholdHigh" | "resolveThreshold" | "resolveThresholdHigh" | "minN" | "requireInterval" | "forEvaluations" | "correction" | "alpha"
>;

export const MonitorId = z.uuid({ message: "There is no such monitor." });
export const SILENCE_SCOPES = ["monitor", "alert"] as const;
export const SilenceInput = z.object({
  alertId: z.uuid({ message: "There is no such alert." }),
  until: IsoTime().nullable(),
  /** "alert": this alert only; "monitor": the alert's monitor, and so every alert it fires meanwhile. */
  scope: z.enum(SILENCE_SCOPES, { message: "Choose the alert or its monitor" }).default("monitor"),
});
export const AlertRef = z.object({ alertId: z.uuid({ message: "There is no such alert." }) });

/** GET /api/v1/alerts query. */
export const AlertsQuery = z.object({
  model: z.string().trim().min(1).optional(),
  state: z.enum(ALERT_STATES, { message: "must be firing or resolved" }).optional(),
  limit: z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(500, "at most 500").default(100),
});
