import { describe, expect, it } from "vitest";
import { kolmogorovQ, ksPValue, ksStatistic, ksTest } from "./ks";
import { seededRandom as random } from "./seeded-random";

describe("ksStatistic", () => {
  it("is 1 for separated samples and 0 for identical ones", () => {
    expect(ksStatistic([1, 2, 3], [4, 5, 6])).toBe(1);
    expect(ksStatistic([3, 1, 2], [2, 3, 1])).toBe(0);
    expect(ksStatistic([5], [5])).toBe(0);
  });

  it("handles ties by stepping over every copy of a value at once", () => {
    // Identical tied samples: stepping one element at a time would report 1/2 after the first 1.
    expect(ksStatistic([1, 1, 2, 2], [1, 1, 2, 2])).toBe(0);
    // a = 1,1,2 and b = 1,2,2: after 1, F_a = 2/3 and F_b = 1/3; after 2 both are 1. D = 1/3.
    expect(ksStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 15);
    // All values equal in both: D = 0; all equal but different: D = 1.
    expect(ksStatistic([2, 2, 2], [2, 2])).toBe(0);
    expect(ksStatistic([2, 2, 2], [3, 3])).toBe(1);
  });

  it("matches scipy's ks_2samp statistic on a mixed sample", () => {
    // scipy 1.17 stats.ks_2samp(a, b).statistic = 0.23 (n = 25, m = 20; D is a multiple of 1/100).
    const a = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47];
    const b = [2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.72];
    expect(ksStatistic(a, b)).toBeCloseTo(0.23, 12);
  });

  it("is null for an empty sample and ignores non-finite values", () => {
    expect(ksStatistic([], [1])).toBeNull();
    expect(ksStatistic([1], [])).toBeNull();
    expect(ksStatistic([Number.NaN], [1])).toBeNull();
    expect(ksTest([1, 2, Number.NaN], [1, 2])).toMatchObject({ d: 0, pValue: 1, n: 2, m: 2 });
  });
});

describe("kolmogorovQ", () => {
  it("has the classic critical values", () => {
    // The 5% and 1% points of the Kolmogorov distribution are λ = 1.36 and 1.63.
    // scipy.special.kolmogorov(1.36) = 0.049485876755377876, (1.63) = 0.009846364888486529.
    expect(kolmogorovQ(1.36)).toBeCloseTo(0.049485876755377876, 14);
    expect(kolmogorovQ(1.63)).toBeCloseTo(0.009846364888486529, 14);
  });

  it("agrees with scipy on both sides of the switch between series", () => {
    // scipy.special.kolmogorov at each λ.
    const known: [number, number][] = [
      [0.5, 0.9639452436648751],
      [1.0, 0.26999967167735456],
      [1.5, 0.022217962616525127],
      [2.0, 0.0006709252557796953],
    ];
    for (const [lambda, q] of known) expect(kolmogorovQ(lambda)).toBeCloseTo(q, 14);
    expect(Math.abs(kolmogorovQ(1.18 - 1e-12) - kolmogorovQ(1.18))).toBeLessThan(1e-11);
  });

  it("is 1 at and below 0 and falls to 0 far out", () => {
    expect(kolmogorovQ(0)).toBe(1);
    expect(kolmogorovQ(-1)).toBe(1);
    expect(kolmogorovQ(5e-324)).toBe(1);
    expect(kolmogorovQ(40)).toBe(0);
    expect(kolmogorovQ(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe("ksPValue", () => {
  it("uses Numerical Recipes' λ = (√n_e + 0.12 + 0.11/√n_e)·D (worked by hand)", () => {
    // D = 0.5, n = m = 20: n_e = 10, √10 = 3.162278, 0.11/√10 = 0.034785,
    // λ = 3.317063 · 0.5 = 1.658531; Q = 2(e^{−2λ²} − e^{−8λ²} + …) = 2(0.00408084 − 2.8e−10)
    //   = 0.0081617 (scipy.special.kolmogorov(1.658531357215116) = 0.008161678659143069).
    expect(ksPValue(0.5, 20, 20)).toBeCloseTo(0.008161678659143069, 14);
  });

  it("is 1 at D = 0 and stays in [0, 1] for huge samples", () => {
    expect(ksPValue(0, 10, 10)).toBe(1);
    expect(ksPValue(1e-4, 1e12, 1e12)).toBe(0);
    expect(ksPValue(1, 1, 1)).toBeGreaterThanOrEqual(0);
    expect(ksPValue(1, 1, 1)).toBeLessThanOrEqual(1);
  });

  it("rejects impossible arguments", () => {
    expect(() => ksPValue(1.5, 10, 10)).toThrow(RangeError);
    expect(() => ksPValue(0.5, 0, 10)).toThrow(RangeError);
    expect(() => ksPValue(Number.NaN, 10, 10)).toThrow(RangeError);
  });
});

describe("ksTest", () => {
  it("finds a shift in large samples and not in two draws of the same distribution", () => {
    const next = random(7);
    const a = Array.from({ length: 100_000 }, next);
    const same = Array.from({ length: 100_000 }, next);
    const shifted = Array.from({ length: 100_000 }, () => next() + 0.02);
    expect(ksTest(a, same)!.pValue).toBeGreaterThan(0.01);
    const r = ksTest(a, shifted)!;
    expect(r.d).toBeGreaterThan(0.015);
    expect(r.pValue).toBeLessThan(1e-10);
    expect(r).toMatchObject({ n: 100_000, m: 100_000 });
  });
});
