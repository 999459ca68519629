import { describe, expect, it } from "vitest";
import { chiSquareHomogeneity, chiSquareSurvival, pooledColumns } from "./chi-square";
import { seededRandom as random } from "./seeded-random";

describe("chiSquareSurvival", () => {
  it("gives p ≈ 0.05 at the tabulated 5% critical values", () => {
    // Printed tables: χ²₁(0.95) = 3.841, χ²₁₀(0.95) = 18.307. scipy.stats.chi2.sf gives
    // 0.050013683763956804 and 0.05000058909139812 for those rounded values.
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.050013683763956804, 12);
    expect(chiSquareSurvival(18.307, 10)).toBeCloseTo(0.05000058909139812, 12);
  });

  it("has closed forms for 1 and 2 degrees of freedom", () => {
    // df = 2: P(X ≥ x) = e^{−x/2}; the 5% point is 2·ln 20 = 5.991465.
    expect(chiSquareSurvival(2 * Math.log(20), 2)).toBeCloseTo(0.05, 14);
    // df = 1: P(X ≥ z²) = 2(1 − Φ(z)); at z = 1.96 that is 0.04999579029644097 (scipy norm.sf).
    expect(chiSquareSurvival(1.96 * 1.96, 1)).toBeCloseTo(0.04999579029644097, 14);
  });

  it("is 1 at 0, 0 far out, and rejects bad df", () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(1e6, 3)).toBe(0);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
  });
});

describe("chiSquareHomogeneity", () => {
  it("matches a hand-worked 2 × 3 contingency table", () => {
    // Reference a 50, b 30, c 20; current a 40, b 40, c 20; N = 200, column totals 90, 70, 40.
    // E = row total × column total / N = 45, 35, 20 in both rows.
    //   χ² = 2·(5²/45) + 2·(5²/35) + 0 = 1.111111 + 1.428571 = 2.539683, df = 2, p = e^{−χ²/2}.
    // scipy.stats.chi2_contingency(correction=False): 2.5396825396825395, 0.28087620176428163.
    const r = chiSquareHomogeneity({ a: 50, b: 30, c: 20 }, { a: 40, b: 40, c: 20 })!;
    expect(r.chi2).toBeCloseTo(2.5396825396825395, 12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-r.chi2 / 2), 14);
    expect(r.pValue).toBeCloseTo(0.28087620176428163, 12);
    // Unequal windows: reference 120, 60, 20 (200) against current 80, 70, 50 (200); scipy gives
    // 21.626373626373628 and p 2.0132264855583076e-05.
    const s = chiSquareHomogeneity({ a: 120, b: 60, c: 20 }, { a: 80, b: 70, c: 50 })!;
    expect(s.chi2).toBeCloseTo(21.626373626373628, 11);
    expect(s.pValue / 2.0132264855583076e-5).toBeCloseTo(1, 9);
  });

  it("treats both windows as samples: swapping them changes nothing", () => {
    const a = { x: 31, y: 12, z: 57 };
    const b = { x: 20, y: 25, z: 44, w: 11 };
    expect(chiSquareHomogeneity(a, b)).toEqual(chiSquareHomogeneity(b, a));
  });

  it("pools categories whose expected count is under 5, so one new category cannot dominate", () => {
    // The case: a category the reference never saw, with 8 current rows. Its smaller
    // expected cell is 8 × 1000 / 2000 = 4 < 5: pooled; the pool (still 4) takes the next rarest,
    // a. Table [[500, 500], [488, 512]]: scipy gives χ² 0.2880414779728281, df 1, p 0.5914783393593819.
    // (The one-sample test gave this new category alone a contribution of hundreds.)
    const r = chiSquareHomogeneity({ a: 500, b: 500 }, { a: 480, b: 512, new: 8 })!;
    expect(r.chi2).toBeCloseTo(0.2880414779728281, 12);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.pValue).toBeCloseTo(0.5914783393593819, 12);
    // A new category in earnest (100 rows, expected 50) is its own column and is seen:
    // [[500, 500, 0], [430, 470, 100]] → 106.19665225584747, df 2, p 8.703420453182468e-24.
    const seen = chiSquareHomogeneity({ a: 500, b: 500 }, { a: 430, b: 470, new: 100 })!;
    expect(seen.chi2).toBeCloseTo(106.19665225584747, 10);
    expect(seen.degreesOfFreedom).toBe(2);
    expect(seen.pValue / 8.703420453182468e-24).toBeCloseTo(1, 8);
  });

  it("keeps every expected count at 5 or more after pooling", () => {
    const next = random(7);
    for (let run = 0; run < 300; run++) {
      const names = Array.from({ length: 2 + Math.floor(next() * 30) }, (_, i) => `c${i}`);
      const draw = () => Object.fromEntries(names.map((n) => [n, Math.floor(next() ** 3 * 60)]));
      const [reference, current] = [draw(), draw()];
      const table = pooledColumns(reference, current);
      const [rt, ct] = [table.reference, table.current].map((row) => row.reduce((a, b) => a + b, 0));
      if (table.reference.length < 2) continue;
      table.reference.forEach((r, j) => {
        const column = r + table.current[j]!;
        expect((column * Math.min(rt!, ct!)) / (rt! + ct!)).toBeGreaterThanOrEqual(5);
      });
    }
  });

  it("gives χ² = 0, p = 1 when both windows have the same shares", () => {
    expect(chiSquareHomogeneity({ x: 250, y: 750 }, { x: 20, y: 60 })).toEqual({ chi2: 0, degreesOfFreedom: 1, pValue: 1 });
  });

  it("is null for an empty window, a single category, or too few rows to fill two columns", () => {
    expect(chiSquareHomogeneity({ a: 1, b: 1 }, {})).toBeNull();
    expect(chiSquareHomogeneity({ a: 1, b: 1 }, { a: 0 })).toBeNull();
    expect(chiSquareHomogeneity({ a: 70 }, { a: 30 })).toBeNull();
    expect(chiSquareHomogeneity({ a: 3, b: 4 }, { a: 2, b: 1 })).toBeNull();
    expect(() => chiSquareHomogeneity({ a: 1 }, { a: -1 })).toThrow(RangeError);
    expect(() => chiSquareHomogeneity({ a: Number.NaN }, { a: 1 })).toThrow(RangeError);
  });

  it("treats category names like constructor and toString as plain keys", () => {
    // [[10, 30], [30, 10]]: χ² = 4 · 10²/20 = 20, df 1.
    const r = chiSquareHomogeneity({ constructor: 10, toString: 30 }, { constructor: 30, toString: 10 })!;
    expect(r.chi2).toBeCloseTo(20, 12);
    expect(r.degreesOfFreedom).toBe(1);
  });

  it("stays finite for huge counts", () => {
    const r = chiSquareHomogeneity({ a: 5e11, b: 5e11 }, { a: 1e12, b: 1e12 + 1e7 })!;
    expect(Number.isFinite(r.chi2)).toBe(true);
    expect(r.pValue).toBeGreaterThanOrEqual(0);
    expect(r.pValue).toBeLessThanOrEqual(1);
  });
});

describe("chiSquareHomogeneity on undrifted data (seeded simulation)", () => {
  it("alarms at its alpha: between 3% and 7% of windows at α = 0.05", () => {
    // Both windows drawn from one categorical distribution: 2 to 40 categories with skewed shares
    // (a long tail of rare ones, as sender domains have), windows of 100 to 2,000 rows each.
    const next = random(20261127);
    const runs = 2000;
    let alarms = 0;
    for (let run = 0; run < runs; run++) {
      const k = 2 + Math.floor(next() * 39);
      const weights = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** (0.5 + next() * 1.5));
      const cumulative: number[] = [];
      weights.reduce((acc, w) => (cumulative.push(acc + w), acc + w), 0);
      const draw = (size: number) => {
        const counts = new Array<number>(k).fill(0);
        for (let i = 0; i < size; i++) {
          const u = next() * cumulative[k - 1]!;
          let [lo, hi] = [0, k - 1];
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (u < cumulative[mid]!) hi = mid;
            else lo = mid + 1;
          }
          counts[lo]!++;
        }
        return Object.fromEntries(counts.map((n, i) => [`c${i}`, n]));
      };
      const size = () => 100 + Math.floor(next() ** 2 * 1900);
      const r = chiSquareHomogeneity(draw(size()), draw(size()));
      if (r && r.pValue < 0.05) alarms++;
    }
    const rate = alarms / runs;
    expect(rate).toBeGreaterThanOrEqual(0.03);
    expect(rate).toBeLessThanOrEqual(0.07);
  }, 60_000);
});

