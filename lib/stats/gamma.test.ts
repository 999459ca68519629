import { describe, expect, it } from "vitest";
import { logGamma, regularizedGammaP, regularizedGammaQ } from "./gamma";

describe("logGamma", () => {
  it("matches factorials and Γ(1/2) = √π", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12); // Γ(10) = 9!
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it("is accurate by reflection below 1/2 and for large x", () => {
    // scipy.special.gammaln(1e-5) = 11.512919692895826, gammaln(171.5) = 709.1431630309283.
    expect(logGamma(1e-5)).toBeCloseTo(11.512919692895826, 12);
    expect(logGamma(171.5)).toBeCloseTo(709.1431630309283, 10);
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe("regularizedGammaQ", () => {
  it("has closed forms Q(1, x) = e^{−x} and Q(n, x) = e^{−x} Σ_{k<n} x^k/k!", () => {
    for (const x of [0.1, 1, 2.5, 10, 50]) expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
    // Q(3, 2) = e^{−2}(1 + 2 + 2) = 5e^{−2} = 0.676676.
    expect(regularizedGammaQ(3, 2)).toBeCloseTo(5 * Math.exp(-2), 14);
  });

  it("agrees with scipy on both expansions", () => {
    // scipy.special.gammaincc(a, x), relative agreement better than 1e-11 in each case.
    const known: [number, number, number][] = [
      [0.5, 0.1, 0.6547208460185767],
      [0.5, 3, 0.01430587843542964],
      [5, 3, 0.8152632445237722],
      [10, 20, 0.004995412308307556],
      [1000, 1100, 0.0010593232539299773],
      [5000, 5100, 0.07932888107785967],
    ];
    for (const [a, x, q] of known) expect(Math.abs(regularizedGammaQ(a, x) - q) / q).toBeLessThan(1e-11);
  });

  it("keeps P + Q = 1 and handles the ends", () => {
    for (const [a, x] of [[0.5, 0.2], [3, 7], [20, 5]] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
    }
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, Number.POSITIVE_INFINITY)).toBe(0);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
  });
});
