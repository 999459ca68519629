import { describe, expect, it } from "vitest";
import { MonitorDefinition } from "./schemas";

const base = { model: "spam-filter", name: "spam share jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5 };
const errors = (input: Record<string, unknown>) => {
  const r = MonitorDefinition.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("MonitorDefinition", () => {
  it("accepts API.md's example and fills the defaults", () => {
    const m = MonitorDefinition.parse({ ...base, resolveThreshold: 0.45, minN: 100, forEvaluations: 1, severity: "critical", policy: "notify", channels: [] });
    expect(m).toMatchObject({ threshold: 0.5, resolveThreshold: 0.45, thresholdHigh: null, thresholdMode: "absolute", requireInterval: false, correction: "benjamini-hochberg", alpha: 0.05, enabled: true, feature: null, allFeatures: false, class: null });
  });

  it("coerces form text and treats empty fields as unset", () => {
    const m = MonitorDefinition.parse({ ...base, threshold: "0.6", resolveThreshold: "", minN: "", forEvaluations: "3" });
    expect(m).toMatchObject({ threshold: 0.6, resolveThreshold: null, minN: 100, forEvaluations: 3 });
  });

  it("explains what is wrong, field by field", () => {
    expect(errors({ ...base, threshold: "", window: "a week", minN: -1 })).toEqual({
      window: "Enter a window in whole hours or days, such as 6h, 24h or 7d",
      minN: "must be at least 0",
      threshold: "Enter a threshold",
    });
    expect(errors({ ...base, resolveThreshold: 0.6 })).toEqual({ resolveThreshold: "must be at or below the threshold, so the alert resolves once the value falls back" });
    expect(errors({ ...base, comparison: "below", resolveThreshold: 0.4 })).toEqual({ resolveThreshold: "must be at or above the threshold, so the alert resolves once the value recovers" });
    expect(errors({ ...base, metric: "estimatedAccuracy", requireInterval: true })).toEqual({ requireInterval: "This metric has no confidence interval; untick the option" });
    expect(errors({ ...base, metric: "scorePsi", thresholdMode: "relative" })).toEqual({ thresholdMode: "Drift already compares with the reference window: use an absolute threshold" });
    expect(errors({ ...base, comparison: "outside" })).toEqual({ thresholdHigh: "Enter the high end of the band" });
    expect(errors({ ...base, comparison: "outside", thresholdHigh: 0.7, resolveThreshold: 0.4 })).toEqual({ resolveThreshold: "The resolve band must lie inside the alert band" });
    expect(errors({ ...base, metric: "classShare" })).toEqual({ class: "Choose the class whose share to watch" });
    expect(errors({ ...base, window: "60d" })).toEqual({ window: "The window must be between 1h and 30d" });
  });

  it("reads a feature metric without a feature as every feature, which fires only above", () => {
    expect(MonitorDefinition.parse({ ...base, metric: "featurePsi", threshold: 0.2 })).toMatchObject({ allFeatures: true, feature: null });
    expect(MonitorDefinition.parse({ ...base, metric: "featureKs", feature: "length", threshold: 0.2 })).toMatchObject({ allFeatures: false, feature: "length" });
    expect(errors({ ...base, metric: "featurePsi", comparison: "below" })).toEqual({ comparison: "A monitor over all features fires when drift is above its effect-size floor" });
    expect(errors({ ...base, feature: "length" })).toEqual({ feature: "Only feature drift and data-quality metrics take a feature" });
    expect(MonitorDefinition.parse({ ...base, metric: "featureMissing", threshold: 0.2 })).toMatchObject({ allFeatures: true, feature: null });
    expect(errors({ ...base, metric: "featureMissing", comparison: "below" })).toEqual({ comparison: "A monitor over all features fires when a feature's share is above the threshold" });
  });
});
