import { METRIC_LABELS, type Comparison, type MonitorMetric, type ThresholdMode } from "@/lib/monitors/constants";
import { formatMetricValue } from "@/lib/notifications/payloads";
import { count } from "@/components/charts/format";

type Rule = { metric: MonitorMetric; feature: string | null; allFeatures?: boolean; class: string | null; sliceFeature?: string | null; sliceValue?: string | null; window: string; comparison: Comparison; thresholdMode?: ThresholdMode; threshold: number; thresholdHigh: number | null };

/** "Positive rate over 24h is above 50.0%", for lists and headings. */
export function describeRule(rule: Rule): string {
  if (rule.sliceFeature && !rule.sliceValue) {
    return `${METRIC_LABELS[rule.metric]} of any ${rule.sliceFeature} over ${rule.window} falls more than ${formatMetricValue(rule.metric, rule.threshold)} below the rest, significant after the multiple-testing correction`;
  }
  const base = rule.metric === "classShare" ? `Share of ${rule.class}` : rule.feature ? `${METRIC_LABELS[rule.metric]} of ${rule.feature}` : rule.allFeatures ? `${METRIC_LABELS[rule.metric]} of any feature` : METRIC_LABELS[rule.metric];
  const value = (v: number) => (rule.thresholdMode === "relative" ? `${v >= 0 ? "+" : ""}${Math.round(v * 1000) / 10}% of the reference` : formatMetricValue(rule.metric, v));
  const limit = rule.comparison === "outside" ? `outside ${value(rule.threshold)} – ${value(rule.thresholdHigh ?? rule.threshold)}` : `${rule.comparison} ${value(rule.threshold)}`;
  const subject = rule.sliceFeature ? `${base} where ${rule.sliceFeature} = ${rule.sliceValue}` : base;
  return `${subject} over ${rule.window} is ${limit}`;
}

/** What the preview states for a sequential monitor (lib/services/monitors/preview-monitor.ts). */
export type SequentialStatement = { falseAlarmDays: number; delayHours: number; shift: number; baseline: number; trialsPerHour: number; direction: "below" | "above" | "outside" };


const points = (shift: number) => `${Math.round(shift * 1000) / 10} point${shift === 0.01 ? "" : "s"}`;
const days = (d: number) => (d > 3650 ? "more than ten years" : d >= 2 ? `${Math.round(d)} days` : `${Math.round(d * 24)} hours`);
const hours = (h: number) => (h < 1.5 ? "about an hour" : h < 48 ? `about ${Math.round(h)} hours` : `about ${Math.round(h / 24)} days`);

/** The sentence the form shows before saving: both numbers, in plain words, at the model's volume today. */
export function describeSequential(s: SequentialStatement): string {
  const change = s.direction === "above" ? "rise" : s.direction === "below" ? "drop" : "move";
  return `About one false alarm every ${days(s.falseAlarmDays)} on healthy traffic; expected to notice a ${change} of ${points(s.shift)} (from ${(s.baseline * 100).toFixed(1)}%) within ${hours(s.delayHours)} at today's volume (${count(s.trialsPerHour)} an hour).`;
}
