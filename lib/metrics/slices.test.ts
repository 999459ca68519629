import { describe, expect, it } from "vitest";
import { Random } from "@/lib/simulation/random";
import { benjaminiHochberg } from "@/lib/stats/benjamini-hochberg";
import { rankSlices, type SliceCounts } from "./slices";

describe("benjaminiHochberg", () => {
  it("gives the q-values worked by hand", () => {
    // Ascending 0.005, 0.01, 0.03, 0.04 (m = 4): 4p/rank = 0.02, 0.02, 0.04, 0.04; the running minimum from the top keeps them.
    const close = (actual: number[], expected: number[]) => expected.forEach((q, i) => expect(actual[i]).toBeCloseTo(q, 15));
    close(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]);
    // 0.02·3/1 = 0.06 > 0.03·3/2 = 0.045: the smaller p takes the later minimum; capped at 1.
    close(benjaminiHochberg([0.02, 0.03, 0.9]), [0.045, 0.045, 0.9]);
    close(benjaminiHochberg([0.8, 0.9]), [0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});

describe("rankSlices", () => {
  it("tests each slice against the rest of its feature, most significant drop first, on a case worked by hand", () => {
    const current: SliceCounts[] = [
      { feature: "domain", value: "b", volume: 600, tested: 60, correct: 57 },
      { feature: "domain", value: "a", volume: 400, tested: 40, correct: 20 },
      { feature: "domain", value: "c", volume: 100, tested: 10, correct: 5 },
      { feature: "size", value: "< 10", volume: 50, tested: 50, correct: 25 },
    ];
    const reference: SliceCounts[] = [{ feature: "domain", value: "a", volume: 500, tested: 100, correct: 91 }];
    const { slices, tooSmall } = rankSlices(current, reference, 30);
    // c has 10 labelled predictions: left out and counted.
    expect(tooSmall).toBe(1);
    expect(slices.map((s) => `${s.feature}=${s.value}`)).toEqual(["domain=a", "domain=b", "size=< 10"]);
    const [a, b, size] = slices;
    // a: 20/40 against the rest (b and c) 62/70. Pooled 82/110; z = (0.5 − 0.885714…)/√(0.745454…·0.254545…·(1/40 + 1/70)); p = Φ(z).
    expect(a).toMatchObject({ n: 400, rest: { value: 62 / 70, n: 70 }, reference: { value: 0.91, n: 100 } });
    expect(a!.accuracy).toMatchObject({ value: 0.5, n: 40 });
    expect(a!.drop).toBeCloseTo(62 / 70 - 0.5, 15);
    expect(a!.pValue).toBeCloseTo(3.958742885653885e-6, 15);
    // b: 57/60 against 25/50 (a and c): far above the rest.
    expect(b!.pValue).toBeCloseTo(0.9999999657194757, 12);
    expect(b!.reference).toEqual({ value: null, n: 0 });
    // A feature with one value has no rest: p = 1.
    expect(size).toMatchObject({ pValue: 1, drop: null, rest: { value: null, n: 0 } });
    // q-values: BH over the three tested.
    expect(slices.map((s) => s.qValue)).toEqual(benjaminiHochberg(slices.map((s) => s.pValue)));
    expect(a!.qValue).toBeCloseTo(3 * 3.958742885653885e-6, 15);
  });

  it("flags no slice at q ≤ 0.05 in at most the share of no-decay data sets the method allows (200 seeded runs), with figures equal to raw counts", () => {
    let runsWithAFlag = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = new Random(seed);
      const accuracy = 0.6 + random.next() * 0.38;
      // Raw labelled predictions: [feature, value, right?], every slice with the same accuracy.
      const rows: [string, string, boolean][] = [];
      for (const feature of ["domain", "size"].slice(0, random.int(1, 2))) {
        const values = random.int(2, 12);
        for (let v = 0; v < values; v++) {
          const n = random.int(5, 300);
          for (let i = 0; i < n; i++) rows.push([feature, `v${v}`, random.chance(accuracy)]);
        }
      }
      const counts = new Map<string, SliceCounts>();
      for (const [feature, value, right] of rows) {
        const c = counts.get(`${feature}/${value}`) ?? { feature, value, volume: 0, tested: 0, correct: 0 };
        counts.set(`${feature}/${value}`, { ...c, volume: c.volume + 1, tested: c.tested + 1, correct: c.correct + Number(right) });
      }
      const { slices, tooSmall } = rankSlices([...counts.values()], [], 30);
      expect(tooSmall + slices.length).toBe(counts.size);
      for (const s of slices) {
        const own = rows.filter(([f, v]) => f === s.feature && v === s.value);
        const rest = rows.filter(([f, v]) => f === s.feature && v !== s.value);
        expect(s.accuracy.value).toBe(own.filter(([, , r]) => r).length / own.length);
        expect(s.rest).toEqual({ value: rest.length ? rest.filter(([, , r]) => r).length / rest.length : null, n: rest.length });
        expect(s.qValue).toBeGreaterThanOrEqual(s.pValue);
      }
      if (slices.some((s) => s.qValue <= 0.05)) runsWithAFlag++;
    }
    // Under no decay BH at 0.05 flags anything in about 5% of runs (10 of 200); 18 is 2.6 standard deviations above.
    expect(runsWithAFlag).toBeLessThanOrEqual(18);
  });
});
