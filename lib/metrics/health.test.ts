import { describe, expect, it } from "vitest";
import { judgeHealth } from "./health";
import type { ModelMetrics } from "./metrics-types";

type Figures = { volume?: number; truth?: number | null; sampled?: [number, number, number] | null; estimated?: number | null };
const point = ({ volume = 100, truth = null, sampled = null, estimated = null }: Figures) =>
  ({
    volume,
    groundTruthAccuracy: truth === null ? null : { value: truth, n: 50, low: truth - 0.01, high: truth + 0.01, coverage: 1, provisional: false },
    sampledAccuracy: sampled === null ? null : { value: sampled[0], n: 40, low: sampled[1], high: sampled[2] },
    estimatedAccuracy: estimated === null ? null : { value: estimated, n: volume },
  }) as unknown as ModelMetrics["totals"];
const metrics = (week: Figures, lastDay: Figures, drift: Partial<ModelMetrics["drift"]> = {}) =>
  ({ totals: point(week), series: [point(week), point(lastDay)], drift: { score: null, prediction: null, features: [], ...drift } }) as unknown as ModelMetrics;

describe("the overview's health", () => {
  it("reads the annotators' sampled accuracy: a real fall there is decay even when the estimate holds", () => {
    const judged = judgeHealth(metrics({ sampled: [0.92, 0.88, 0.95], estimated: 0.9 }, { sampled: [0.7, 0.6, 0.8], estimated: 0.9 }), "binary", []);
    expect(judged).toEqual({ health: "alert", reasons: ["Accuracy (sampled from labels) fell to 70.0% from 92.0% over the week"] });
  });

  it("does not call a fall within a small day's interval decay", () => {
    const judged = judgeHealth(metrics({ sampled: [0.92, 0.88, 0.95] }, { sampled: [0.85, 0.6, 0.97] }), "binary", []);
    expect(judged).toEqual({ health: "healthy", reasons: ["No drift; accuracy steady (sampled from labels 92.0%)"] });
  });

  it("compares each accuracy with itself: the week's ground truth is never set against the day's estimate", () => {
    const judged = judgeHealth(metrics({ truth: 0.95, estimated: 0.85 }, { truth: null, estimated: 0.85 }), "binary", []);
    expect(judged).toEqual({ health: "healthy", reasons: ["No drift; accuracy steady (estimated 85.0%)"] });
    const fell = judgeHealth(metrics({ truth: 0.95, estimated: 0.85 }, { truth: 0.8, estimated: 0.85 }), "binary", []);
    expect(fell.health).toBe("alert");
    expect(fell.reasons).toEqual(["Accuracy (ground truth) fell to 80.0% from 95.0% over the week"]);
  });

  it("counts open alerts: a critical one is an alert, another a watch, each named on the card", () => {
    const steady = metrics({ estimated: 0.9 }, { estimated: 0.9 });
    expect(judgeHealth(steady, "binary", [{ monitor: "spam share jumped", severity: "critical" }])).toEqual({
      health: "alert",
      reasons: ["1 open alert: spam share jumped"],
    });
    expect(judgeHealth(steady, "binary", [{ monitor: "a", severity: "warning" }, { monitor: "b", severity: "info" }])).toEqual({
      health: "watch",
      reasons: ["2 open alerts: a, b", "No drift; accuracy steady (estimated 90.0%)"],
    });
  });

  it("says no data only when there is no traffic and nothing is open; an open alert on a silent model still shows", () => {
    expect(judgeHealth(metrics({ volume: 0 }, { volume: 0 }), "binary", [])).toEqual({ health: "no-data", reasons: ["No predictions in the last 7 days"] });
    expect(judgeHealth(metrics({ volume: 0 }, { volume: 0 }), "binary", [{ monitor: "volume dropped", severity: "critical" }])).toEqual({
      health: "alert",
      reasons: ["No predictions in the last 7 days", "1 open alert: volume dropped"],
    });
  });

  it("keeps drift's verdicts: significant is an alert, moderate a watch", () => {
    const significant = metrics({ estimated: 0.9 }, { estimated: 0.9 }, { features: [{ name: "links", severity: "significant" }] as unknown as ModelMetrics["drift"]["features"] });
    expect(judgeHealth(significant, "binary", [])).toEqual({ health: "alert", reasons: ["Significant drift: links"] });
  });
});
