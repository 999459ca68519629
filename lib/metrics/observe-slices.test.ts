import { describe, expect, it } from "vitest";
import { twoProportionLowerP } from "@/lib/stats/two-proportion";
import { Random } from "@/lib/simulation/random";
import type { SliceCounts } from "@/lib/metrics/slices";
import { observeSlices, sliceReferenceValue } from "./observe-slices";

const anySlice = { sliceFeature: "domain", sliceValue: null, minN: 30, correction: "benjamini-hochberg" as const, alpha: 0.05 };
const slice = (value: string, tested: number, correct: number, feature = "domain"): SliceCounts => ({ feature, value, volume: tested * 2, tested, correct });

describe("a monitor over any slice", () => {
  it("gives each slice the Benjamini–Hochberg q-value computed by hand, and the largest significant drop as its figure", () => {
    const counts = [slice("a", 40, 20), slice("b", 100, 90), slice("c", 100, 88), slice("e", 60, 51), slice("small", 20, 2), slice("x", 500, 100, "other")];
    const o = observeSlices(anySlice, counts);
    // The family: a, b, c, e (small is under the minimum n but part of each one's rest; "other" is another feature).
    const total = { tested: 320, correct: 251 };
    const family: [string, number, number][] = [["a", 40, 20], ["b", 100, 90], ["c", 100, 88], ["e", 60, 51]];
    const p: Record<string, number> = Object.fromEntries(family.map(([v, n, k]) => [v, twoProportionLowerP(k, n, total.correct - k, total.tested - n)!]));
    // By hand, m = 4: sort ascending, q(k) = min over j ≥ k of 4·p(j)/j.
    const sorted = Object.entries(p).sort((x, y) => x[1] - y[1]);
    const q4 = Math.min(1, sorted[3]![1]);
    const q3 = Math.min(q4, (4 * sorted[2]![1]) / 3);
    const q2 = Math.min(q3, (4 * sorted[1]![1]) / 2);
    const q1 = Math.min(q2, 4 * sorted[0]![1]);
    const expectedQ: Record<string, number> = Object.fromEntries(sorted.map(([v], i) => [v, [q1, q2, q3, q4][i]!]));
    expect(o.slices!.map((s) => s.value).sort()).toEqual(["a", "b", "c", "e"]);
    for (const s of o.slices!) {
      expect(s.pValue).toBeCloseTo(p[s.value]!, 12);
      expect(s.qValue).toBeCloseTo(expectedQ[s.value]!, 12);
      expect(s.significant).toBe(expectedQ[s.value]! <= 0.05);
    }
    // Only a is significant: 50% against the rest's 231 of 280.
    expect(o.slices!.filter((s) => s.significant).map((s) => s.value)).toEqual(["a"]);
    expect(o.value).toBeCloseTo(231 / 280 - 0.5, 12);
    expect(o.slice).toEqual({ feature: "domain", value: "a" });
    expect(o.n).toBe(40);
  });

  it("is 0 with no slice named when nothing is significant, and no data when no slice has the minimum n", () => {
    const even = observeSlices(anySlice, [slice("a", 100, 90), slice("b", 100, 89)]);
    expect(even).toMatchObject({ value: 0, n: 100 });
    expect(even.slice).toBeUndefined();
    expect(observeSlices(anySlice, [slice("a", 10, 1), slice("b", 10, 9)])).toEqual({ value: null, n: 0 });
  });

  it("flags no slice at α = 0.05 in more of 200 seeded data sets without decay than the method allows", () => {
    let flagged = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = new Random(seed);
      const accuracy = random.uniform(0.6, 0.98);
      const counts = Array.from({ length: random.int(2, 20) }, (_, i) => {
        const tested = random.int(30, 400);
        let correct = 0;
        for (let k = 0; k < tested; k++) if (random.chance(accuracy)) correct++;
        return slice(`v${i}`, tested, correct);
      });
      if (observeSlices({ ...anySlice, minN: 30 }, counts).value! > 0) flagged++;
    }
    // Under no decay BH's chance of any flag is at most α: 10 of 200 expected; 22 is 4 standard deviations past.
    expect(flagged).toBeLessThanOrEqual(22);
  });
});

describe("a monitor over one slice", () => {
  it("reads the slice's accuracy with its interval and n, and its reference accuracy", () => {
    const rule = { ...anySlice, sliceValue: "b" };
    const o = observeSlices(rule, [slice("a", 40, 20), slice("b", 100, 90)]);
    expect(o).toMatchObject({ value: 0.9, n: 100, slice: { feature: "domain", value: "b" } });
    expect(o.low).toBeLessThan(0.9);
    expect(o.high).toBeGreaterThan(0.9);
    expect(observeSlices(rule, [slice("a", 40, 20)])).toEqual({ value: null, n: 0 });
    expect(sliceReferenceValue(rule, [slice("b", 50, 45)])).toBeCloseTo(0.9, 12);
  });
});
