import { describe, expect, it } from "vitest";
import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { observe } from "./observe";
import { MonitorDefinition } from "./schemas";

const rule = (over: Record<string, unknown>) => MonitorDefinition.parse({ model: "m", name: "m", window: "24h", comparison: "above", threshold: 0.1, minN: 100, ...over });

function metrics(over: { totals?: Record<string, unknown>; features?: unknown[]; scorePsi?: number | null; scoreSeverity?: string }): ModelMetrics {
  return {
    totals: { start: "", volume: 1000, positiveRate: { value: 0.3, low: 0.27, high: 0.33, n: 1000 }, estimatedAccuracy: { value: 0.9, n: 1000 }, sampledAccuracy: null, groundTruthAccuracy: null, ...over.totals },
    drift: { reference: { from: "", to: "", volume: 5000 }, score: { psi: over.scorePsi ?? null, severity: over.scoreSeverity ?? "none" }, prediction: null, features: over.features ?? [] },
  } as unknown as ModelMetrics;
}

const numeric = (name: string, psi: number, ks: number, pValue: number, n = 10_000, severity = "none") => ({ name, type: "numeric", psi, ks, pValue, n, referenceN: n, severity });

describe("observe", () => {
  it("reads rates with their interval and n", () => {
    expect(observe(rule({ metric: "positiveRate" }), metrics({}))).toEqual({ value: 0.3, n: 1000, low: 0.27, high: 0.33 });
    expect(observe(rule({ metric: "estimatedAccuracy" }), metrics({}))).toMatchObject({ value: 0.9, n: 1000 });
  });

  it("reads sampled accuracy by API.md's shape, and no data while it is absent or null", () => {
    const r = rule({ metric: "sampledAccuracy", comparison: "below", threshold: 0.8 });
    expect(observe(r, metrics({}))).toEqual({ value: null, n: 0 });
    const { sampledAccuracy: _, ...withoutField } = metrics({}).totals as Record<string, unknown>;
    expect(observe(r, metrics({ totals: withoutField }))).toEqual({ value: null, n: 0 });
    expect(observe(r, metrics({ totals: { sampledAccuracy: { value: 0.9, low: 0.85, high: 0.94, n: 204 } } }))).toEqual({ value: 0.9, n: 204, low: 0.85, high: 0.94 });
  });

  it("reads sampled MAE with its interval and n, and no data without labels", () => {
    const r = rule({ metric: "sampledMae", comparison: "above", threshold: 5, requireInterval: true });
    expect(observe(r, metrics({ totals: { sampledMae: null } }))).toEqual({ value: null, n: 0 });
    expect(observe(r, metrics({ totals: { sampledMae: { value: 6.5, low: 4.1, high: 8.9, n: 40, effectiveN: 31.2 } } }))).toEqual({ value: 6.5, n: 40, low: 4.1, high: 8.9 });
  });

  it("reads coverage 0, not no data, while a window's predictions wait for ground truth", () => {
    const r = rule({ metric: "labelCoverage", comparison: "below", threshold: 0.1 });
    const waiting = { value: null, low: null, high: null, n: 0, coverage: 0, provisional: true };
    expect(observe(r, metrics({ totals: { groundTruthAccuracy: waiting } }))).toEqual({ value: 0, n: 1000 });
    expect(observe(rule({ metric: "groundTruthAccuracy", comparison: "below", threshold: 0.8 }), metrics({ totals: { groundTruthAccuracy: waiting } }))).toEqual({ value: null, n: 0 });
    // Regression: no MAE until truth arrives is coverage 0 too.
    expect(observe(r, metrics({ totals: { groundTruthAccuracy: undefined, mae: null } }))).toEqual({ value: 0, n: 1000 });
    expect(observe(r, metrics({ totals: { volume: 0, groundTruthAccuracy: null } }))).toEqual({ value: null, n: 0 });
  });

  it("uses the smaller window's volume as the n of score PSI", () => {
    expect(observe(rule({ metric: "scorePsi" }), metrics({ scorePsi: 0.31 }))).toEqual({ value: 0.31, n: 1000 });
    expect(observe(rule({ metric: "scorePsi" }), metrics({}))).toEqual({ value: null, n: 0 });
  });

  it("over all features: corrects the p-values, then takes the largest significant effect", () => {
    // Three features, BH at 0.05: p = 0.001, 0.02, 0.4 → q = 0.003, 0.03, 0.4: the first two are significant.
    // Their PSIs are 0.05 and 0.31: the value is 0.31. Bonferroni (α/3 = 0.0167) keeps only the first: 0.05.
    const features = [numeric("length", 0.05, 0.04, 0.001), numeric("links", 0.31, 0.2, 0.02), numeric("caps", 0.9, 0.3, 0.4)];
    const bh = observe(rule({ metric: "featurePsi" }), metrics({ features }));
    expect(bh.value).toBeCloseTo(0.31, 12);
    expect(bh.features!.map((f) => [f.name, f.significant])).toEqual([["length", true], ["links", true], ["caps", false]]);
    expect(bh.features![1]!.adjusted).toBeCloseTo(0.03, 12);
    expect(observe(rule({ metric: "featurePsi", correction: "bonferroni" }), metrics({ features })).value).toBeCloseTo(0.05, 12);
  });

  it("over all features: a huge sample's trivial shift is significant but stays under the effect-size floor", () => {
    // Ten million rows: p ≈ 0 for a KS D of 0.004, but 0.004 < the 0.1 floor, so the value stays under the threshold.
    const features = [numeric("length", 0.002, 0.004, 1e-12, 10_000_000)];
    const o = observe(rule({ metric: "featureKs", threshold: 0.1 }), metrics({ features }));
    expect(o.value).toBeCloseTo(0.004, 12);
    expect(o.value! > 0.1).toBe(false);
  });

  it("leaves features with fewer than the minimum n out of the family", () => {
    const features = [numeric("thin", 0.9, 0.5, 0.001, 50)];
    expect(observe(rule({ metric: "featurePsi" }), metrics({ features }))).toEqual({ value: null, n: 0 });
  });

  it("reads a drift window below the model's drift minimum as no data, so a monitor neither fires nor resolves on it", () => {
    // A big PSI from a handful of predictions: `insufficient`, whatever the monitor's own minimum n.
    expect(observe(rule({ metric: "scorePsi", minN: 0 }), metrics({ scorePsi: 8, scoreSeverity: "insufficient" }))).toEqual({ value: null, n: 0 });
    const thin = numeric("length", 8, 1, 1e-6, 10_000, "insufficient");
    expect(observe(rule({ metric: "featurePsi", feature: "length", minN: 0 }), metrics({ features: [thin] }))).toEqual({ value: null, n: 0 });
    expect(observe(rule({ metric: "featureKs", feature: "length", minN: 0 }), metrics({ features: [thin] }))).toEqual({ value: null, n: 0 });
    // Over all features it is left out of the family; the others still count.
    const all = observe(rule({ metric: "featurePsi", minN: 0 }), metrics({ features: [thin, numeric("links", 0.3, 0.2, 1e-9)] }));
    expect(all.features!.map((f) => f.name)).toEqual(["links"]);
    expect(all.value).toBeCloseTo(0.3, 12);
  });
});
