import { METRIC_LABELS, type Comparison, type MonitorMetric, type ThresholdMode } from "@/lib/monitors/constants";
import { formatMetricValue } from "@/lib/notifications/payloads";

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
