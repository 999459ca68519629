import { describe, expect, it } from "vitest";
import { aggregateBucket, canonicalOrder, mergeDay, mergeDistributions } from "./aggregate-bucket";

const binary = { task: "binary" as const, positiveClass: "spam" };
const row = (score: number, label: string, actualLabel: string | null = null, features: Record<string, unknown> = {}) => ({ score, label, value: null, actualLabel, actualValue: null, features });

describe("aggregateBucket", () => {
  it("counts a binary model's volume, positives, confidence and truth", () => {
    const r = aggregateBucket(binary, [row(0.9, "spam", "spam"), row(0.2, "ham", "spam"), row(0.65, "spam"), row(0.05, "ham", "ham")]);
    expect(r.volume).toBe(4);
    expect(r.positiveCount).toBe(2);
    expect(r.scoreSum).toBeCloseTo(0.9 + 0.2 + 0.65 + 0.05, 12);
    // Σ max(p, 1 − p) = 0.9 + 0.8 + 0.65 + 0.95 = 3.3
    expect(r.confidenceSum).toBeCloseTo(3.3, 12);
    expect(r.truthCount).toBe(3);
    expect(r.truthCorrect).toBe(2);
    expect(r.distributions.confusion).toEqual({ "spam\u2192spam": 1, "spam\u2192ham": 1, "ham\u2192ham": 1 });
    expect(r.distributions.predicted).toEqual({ spam: 2, ham: 2 });
    // Scores 0.9, 0.2, 0.65, 0.05 land in bins 90, 20, 65, 5.
    expect(r.distributions.score.flatMap((n, i) => (n ? [i] : []))).toEqual([5, 20, 65, 90]);
  });

  it("sums residuals for regression", () => {
    const r = aggregateBucket({ task: "regression", positiveClass: null }, [
      { score: null, label: null, value: 30, actualValue: 35, actualLabel: null, features: {} },
      { score: null, label: null, value: 40, actualValue: 38, actualLabel: null, features: {} },
      { score: null, label: null, value: 50, actualValue: null, actualLabel: null, features: {} },
    ]);
    expect(r).toMatchObject({ volume: 3, truthCount: 2, residualSum: 3, residualAbsSum: 7, residualSqSum: 29 });
    // Few values: the sketches are the exact values and counts.
    expect(r.distributions.residualSketch).toEqual({ n: 2, min: -2, max: 5, means: [-2, 5], weights: [1, 1], points: [] });
    expect(r.distributions.predictedValue).toMatchObject({ n: 3, means: [30, 40, 50] });
  });

  it("keeps numeric and categorical feature distributions", () => {
    const r = aggregateBucket(binary, [
      row(0.5, "spam", null, { length: 812, domain: "a.org", attach: true }),
      row(0.5, "spam", null, { length: 10, domain: "b.org", attach: false, extra: null }),
      row(0.5, "spam", null, { length: 10 }),
    ]);
    expect(r.distributions.features.length).toEqual({ type: "numeric", sketch: { n: 3, min: 10, max: 812, means: [10, 812], weights: [2, 1], points: [0] }, count: 3, sum: 832, types: { number: 3 } });
    expect(r.distributions.scoreSketch).toEqual({ n: 3, min: 0.5, max: 0.5, means: [0.5], weights: [3], points: [0] });
    expect(r.distributions.features.domain).toEqual({ type: "categorical", counts: { "a.org": 1, "b.org": 1 }, types: { string: 2 } });
    expect(r.distributions.features.attach).toEqual({ type: "categorical", counts: { true: 1, false: 1 }, types: { boolean: 2 } });
    expect(r.distributions.features.extra).toBeUndefined();
  });

  it("caps categories per feature", () => {
    const rows = Array.from({ length: 60 }, (_, i) => row(0.5, "ham", null, { user: `u${i}` }));
    const counts = (aggregateBucket(binary, rows).distributions.features.user as { counts: Record<string, number> }).counts;
    expect(Object.keys(counts)).toHaveLength(51);
    expect(counts["(other)"]).toBe(10);
  });

  it("merges buckets' distributions by adding everything", () => {
    const a = aggregateBucket(binary, [row(0.9, "spam", "spam", { n: 1 })]);
    const b = aggregateBucket(binary, [row(0.1, "ham", "spam", { n: 1 })]);
    const merged = mergeDistributions([a.distributions, b.distributions]);
    expect(merged.features.n).toMatchObject({ count: 2, sum: 2, sketch: { n: 2, means: [1], weights: [2] } });
    expect(merged.score[90]).toBe(1);
    expect(merged.score[10]).toBe(1);
    expect(merged.scoreSketch).toMatchObject({ n: 2, means: [0.1, 0.9] });
    expect(merged.confusion).toEqual({ "spam\u2192spam": 1, "spam\u2192ham": 1 });
  });
});

describe("mergeDay", () => {
  const hour = (rows: ReturnType<typeof row>[]) => aggregateBucket(binary, rows);

  it("equals merging the day's hours one by one, and counts them", () => {
    const hours = [
      hour([row(0.9, "spam", "spam", { n: 3, domain: "a" }), row(0.2, "ham", null, { n: 7, domain: "b" })]),
      hour([row(0.6, "spam", "ham", { n: 3, domain: "a", flag: true })]),
    ];
    const day = mergeDay(hours);
    expect(day).toEqual({ hours: 2, volume: 3, mixedTypes: false, distributionsVersion: 3, distributions: mergeDistributions(hours.map((h) => h.distributions)) });
    // A range merging the day and then another hour equals one merging the three hours (exactly,
    // while the sketches hold few distinct values; compressed ones agree within their accuracy).
    const later = hour([row(0.1, "ham", "ham", { n: 1, domain: "c" })]);
    expect(mergeDistributions([day.distributions, later.distributions])).toEqual(mergeDistributions([...hours, later].map((h) => h.distributions)));
  });

  it("takes its distributions version from its oldest hour", () => {
    const [a, b] = [hour([row(0.5, "ham")]), hour([row(0.6, "ham")])];
    expect(mergeDay([{ ...a, distributionsVersion: 2 }, { ...b, distributionsVersion: 1 }]).distributionsVersion).toBe(1);
  });

  it("flags a day in which a feature changes type between hours", () => {
    const day = mergeDay([hour([row(0.5, "ham", null, { code: 12 })]), hour([row(0.5, "ham", null, { code: "x12" })])]);
    expect(day.mixedTypes).toBe(true);
    // The first type seen is kept, as mergeDistributions does for a range.
    expect(day.distributions.features.code).toMatchObject({ type: "numeric", count: 1 });
    // Types are counted over every hour, the skipped one too: data quality sees every value.
    expect(day.distributions.features.code!.types).toEqual({ number: 1, string: 1 });
  });
});

describe("canonicalOrder", () => {
  it("keys the counts in one order, whatever order the rollups were merged in", () => {
    const a = aggregateBucket(binary, [row(0.9, "spam", "ham", { domain: "z.org", delta: -3 }), row(0.4, "ham", null, { domain: "b.org", delta: 2 })]);
    const b = aggregateBucket(binary, [row(0.2, "ham", "spam", { domain: "a.org", delta: -1 })]);
    const ab = mergeDistributions([a.distributions, b.distributions]);
    const ba = mergeDistributions([b.distributions, a.distributions]);
    expect(JSON.stringify(ab)).not.toBe(JSON.stringify(ba));
    expect(JSON.stringify(canonicalOrder(ab))).toBe(JSON.stringify(canonicalOrder(ba)));
    expect(canonicalOrder(ab)).toEqual(ab);
    expect(Object.keys((canonicalOrder(ab).features.domain as { counts: Record<string, number> }).counts)).toEqual(["a.org", "b.org", "z.org"]);
  });
});
