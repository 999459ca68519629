import { describe, expect, it } from "vitest";
import { judge, limitsFor, step, type MachineState, type Verdict } from "./state-machine";
import { MonitorDefinition, type MonitorRule } from "./schemas";

const rule = (over: Record<string, unknown> = {}): MonitorRule =>
  MonitorDefinition.parse({ model: "spam-filter", name: "m", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 100, ...over });

/** Runs verdicts through the machine from OK and returns each state and transition. */
function run(verdicts: Verdict[], forEvaluations = 1) {
  let s: MachineState = { state: "ok", consecutive: 0 };
  return verdicts.map((v) => {
    const next = step(s, v, forEvaluations);
    s = next;
    return next.transition ? `${next.state}!` : next.state;
  });
}

describe("judge", () => {
  const above = rule({ resolveThreshold: 0.45 });
  const limits = limitsFor(above, null)!;

  it("breaches above the threshold, clears at or below the resolve threshold, holds between", () => {
    expect(judge(above, limits, { value: 0.51, n: 500 })).toBe("breach");
    expect(judge(above, limits, { value: 0.5, n: 500 })).toBe("hold"); // not above 0.5, not back to 0.45
    expect(judge(above, limits, { value: 0.47, n: 500 })).toBe("hold");
    expect(judge(above, limits, { value: 0.45, n: 500 })).toBe("clear");
  });

  it("says no data below the minimum n, or without a figure", () => {
    expect(judge(above, limits, { value: 0.9, n: 99 })).toBe("no-data");
    expect(judge(above, limits, { value: null, n: 0 })).toBe("no-data");
    expect(judge(above, limits, { value: 0.9, n: 100 })).toBe("breach");
  });

  it("with requireInterval, fires only when the interval's far end is past the threshold", () => {
    const ci = rule({ requireInterval: true });
    const l = limitsFor(ci, null)!;
    // Point 0.55 past 0.5, but the interval [0.48, 0.62] still reaches it: not a breach, and not back below 0.5 either.
    expect(judge(ci, l, { value: 0.55, n: 200, low: 0.48, high: 0.62 })).toBe("hold");
    expect(judge(ci, l, { value: 0.58, n: 900, low: 0.51, high: 0.65 })).toBe("breach");
  });

  it("compares below and outside a band", () => {
    const below = rule({ metric: "estimatedAccuracy", comparison: "below", threshold: 0.9, resolveThreshold: 0.92 });
    const lb = limitsFor(below, null)!;
    expect(judge(below, lb, { value: 0.89, n: 500 })).toBe("breach");
    expect(judge(below, lb, { value: 0.91, n: 500 })).toBe("hold");
    expect(judge(below, lb, { value: 0.92, n: 500 })).toBe("clear");

    const band = rule({ comparison: "outside", threshold: 0.2, thresholdHigh: 0.4, resolveThreshold: 0.22, resolveThresholdHigh: 0.38 });
    const l = limitsFor(band, null)!;
    expect(judge(band, l, { value: 0.19, n: 500 })).toBe("breach");
    expect(judge(band, l, { value: 0.41, n: 500 })).toBe("breach");
    expect(judge(band, l, { value: 0.21, n: 500 })).toBe("hold");
    expect(judge(band, l, { value: 0.3, n: 500 })).toBe("clear");
  });
});

describe("limitsFor", () => {
  it("applies relative thresholds to the reference value", () => {
    // 20% above a reference of 0.25 is 0.30; resolving at +10% is 0.275.
    const r = rule({ thresholdMode: "relative", threshold: 0.2, resolveThreshold: 0.1 });
    const l = limitsFor(r, 0.25)!;
    expect(l.threshold).toBeCloseTo(0.3, 12);
    expect(l.resolve).toBeCloseTo(0.275, 12);
    expect(limitsFor(r, null)).toBeNull();
    // 10% below a reference accuracy of 0.95 is 0.855.
    expect(limitsFor(rule({ thresholdMode: "relative", comparison: "below", threshold: -0.1 }), 0.95)!.threshold).toBeCloseTo(0.855, 12);
  });

  it("resolves at the threshold itself when no resolve threshold is set", () => {
    expect(limitsFor(rule(), null)).toEqual({ threshold: 0.5, thresholdHigh: null, resolve: 0.5, resolveHigh: null });
  });
});

describe("step", () => {
  it("fires on the first breach with forEvaluations 1, and resolves on clear", () => {
    expect(run(["clear", "breach", "breach", "clear", "clear"])).toEqual(["ok", "firing!", "firing", "resolved!", "ok"]);
  });

  it("waits for forEvaluations consecutive breaches; an interruption starts the count again", () => {
    expect(run(["breach", "breach", "hold", "breach", "breach", "breach"], 3)).toEqual(["pending", "pending", "ok", "pending", "pending", "firing!"]);
  });

  it("does not flap inside the hysteresis band", () => {
    // 0.52 fires, 0.48 and 0.47 are between the 0.45 resolve and 0.5 threshold, 0.44 resolves.
    const r = rule({ resolveThreshold: 0.45 });
    const l = limitsFor(r, null)!;
    const verdicts = [0.52, 0.48, 0.51, 0.47, 0.44].map((value) => judge(r, l, { value, n: 1000 }));
    expect(run(verdicts)).toEqual(["firing!", "firing", "firing", "firing", "resolved!"]);
  });

  it("never fires or resolves on thin data", () => {
    const r = rule();
    const l = limitsFor(r, null)!;
    // Ten hours of 0.9 on 40 predictions each: no data, no alert.
    expect(run(Array.from({ length: 10 }, () => judge(r, l, { value: 0.9, n: 40 })))).toEqual(Array(10).fill("ok"));
    // A firing monitor whose data thins out keeps firing until a real figure clears it.
    expect(run(["breach", "no-data", "no-data", "clear"])).toEqual(["firing!", "firing", "firing", "resolved!"]);
    // Pending neither advances nor resets on no data.
    expect(run(["breach", "no-data", "breach"], 2)).toEqual(["pending", "pending", "firing!"]);
  });

  it("fires again after a resolution, as a new transition", () => {
    expect(run(["breach", "clear", "breach"])).toEqual(["firing!", "resolved!", "firing!"]);
  });
});
