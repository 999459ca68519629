import { describe, expect, it } from "vitest";
import { chartThresholds, thresholdLines } from "./chart-thresholds";

const base = { enabled: true, thresholdMode: "absolute", state: "ok" as const, class: null };

describe("monitor thresholds on a model's charts", () => {
  const thresholds = chartThresholds([
    { ...base, id: "a", name: "spam high", metric: "positiveRate", threshold: 0.6, state: "firing" },
    { ...base, id: "b", name: "band", metric: "estimatedAccuracy", threshold: 0.7, thresholdHigh: 0.95 },
    { ...base, id: "c", name: "relative", metric: "positiveRate", threshold: 0.1, thresholdMode: "relative" },
    { ...base, id: "d", name: "off", metric: "positiveRate", threshold: 0.2, enabled: false },
    { ...base, id: "e", name: "urgent share", metric: "classShare", threshold: 0.3, class: "urgent" },
    { ...base, id: "f", name: "one domain", metric: "groundTruthAccuracy", threshold: 0.8, sliceFeature: "domain" },
    // A sequential monitor's threshold is the change to notice (5 points), not a level: no line at 5%.
    { ...base, id: "g", name: "decay", metric: "groundTruthAccuracy", threshold: 0.05, kind: "sequential" },
  ]);

  it("keeps enabled monitors of the whole model with an absolute threshold, both ends of a band", () => {
    expect(thresholds.map((t) => [t.monitorId, t.values])).toEqual([["a", [0.6]], ["b", [0.7, 0.95]], ["e", [0.3]]]);
  });

  it("gives each chart the lines of the figures it draws, named with the state in its colour", () => {
    expect(thresholdLines(thresholds, ["positiveRate"])).toEqual([{ y: 0.6, label: "spam high: firing", color: "#b91c1c" }]);
    expect(thresholdLines(thresholds, ["estimatedAccuracy", "groundTruthAccuracy"]).map((l) => [l.y, l.label])).toEqual([[0.7, "band: OK"], [0.95, "band: OK"]]);
    expect(thresholdLines(thresholds, ["classShare"], ["ok", "urgent"])).toHaveLength(1);
    expect(thresholdLines(thresholds, ["classShare"], ["ok"])).toEqual([]);
    expect(thresholdLines(thresholds, ["mae"])).toEqual([]);
  });
});
