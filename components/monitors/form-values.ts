import type { FormValues } from "./monitor-form";

type Definition = {
  model: string; name: string; description: string; kind: string; falseAlarmDays: number | null; metric: string; feature: string | null; class: string | null; sliceFeature: string | null; sliceValue: string | null; window: string; comparison: string; thresholdMode: string;
  threshold: number; thresholdHigh: number | null; resolveThreshold: number | null; resolveThresholdHigh: number | null; minN: number; requireInterval: boolean;
  forEvaluations: number; correction: string; alpha: number; severity: string; policy: string; channels: string[]; enabled: boolean;
};

/** A new monitor's starting values (a plain module: server pages import it, so not from a client file). */
export const EMPTY_VALUES: FormValues = {
  model: "", name: "", description: "", kind: "window", falseAlarmDays: "30", metric: "positiveRate", feature: "", class: "", sliceFeature: "", sliceValue: "", window: "24h", comparison: "above", thresholdMode: "absolute",
  threshold: "", thresholdHigh: "", resolveThreshold: "", resolveThresholdHigh: "", minN: "100", requireInterval: false, forEvaluations: "1",
  correction: "benjamini-hochberg", alpha: "0.05", severity: "warning", policy: "notify", channels: [], enabled: true,
};

const str = (v: number | null) => (v === null ? "" : String(v));

/** A stored monitor as the form's text fields. */
export function toFormValues(m: Definition): FormValues {
  return {
    model: m.model, name: m.name, description: m.description, kind: m.kind, falseAlarmDays: str(m.falseAlarmDays ?? 30), metric: m.metric, feature: m.feature ?? "", class: m.class ?? "", sliceFeature: m.sliceFeature ?? "", sliceValue: m.sliceValue ?? "", window: m.window, comparison: m.comparison,
    thresholdMode: m.thresholdMode, threshold: str(m.threshold), thresholdHigh: str(m.thresholdHigh), resolveThreshold: str(m.resolveThreshold), resolveThresholdHigh: str(m.resolveThresholdHigh),
    minN: String(m.minN), requireInterval: m.requireInterval, forEvaluations: String(m.forEvaluations), correction: m.correction, alpha: String(m.alpha), severity: m.severity,
    policy: m.policy, channels: m.channels, enabled: m.enabled,
  };
}
