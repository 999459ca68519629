import { describe, expect, it } from "vitest";
import { chiSquareSurvival, chiSquareTest } from "./chi-square";

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

describe("chiSquareTest", () => {
  it("matches a hand-worked three-category example", () => {
    // Reference 50 : 30 : 20, current 40 : 40 : 20 (N = 100) → E = 50, 30, 20.
    //   χ² = 10²/50 + 10²/30 + 0 = 2 + 3.333333 = 5.333333, df = 2, p = e^{−5.333333/2} = 0.069483.
    const r = chiSquareTest({ a: 40, b: 40, c: 20 }, { a: 50, b: 30, c: 20 })!;
    expect(r.chi2).toBeCloseTo(16 / 3, 12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-8 / 3), 14);
    expect(r.pValue).toBeCloseTo(0.06948345122280151, 14);
  });

  it("floors a category the reference never saw at 0.5 / reference total, renormalised", () => {
    // Reference a 60, b 40 (total 100); current a 30, b 30, c 10 (N = 70). c gets 0.5, so the
    // expected shares are 60, 40, 0.5 over 100.5: E = 41.791045, 27.860697, 0.348259.
    //   χ² = 11.791045²/41.791045 + 2.139303²/27.860697 + 9.651741²/0.348259
    //      = 3.326759 + 0.164268 + 267.491116 = 270.982143, df = 2, p = e^{−χ²/2} ≈ 1.435e−59.
    const r = chiSquareTest({ a: 30, b: 30, c: 10 }, { a: 60, b: 40 })!;
    expect(r.chi2).toBeCloseTo(270.9821428571428, 9);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue / 1.4354078976836358e-59).toBeCloseTo(1, 9);
    // A zero reference count is treated like a missing one.
    expect(chiSquareTest({ a: 30, b: 30, c: 10 }, { a: 60, b: 40, c: 0 })).toEqual(r);
  });

  it("counts reference categories the current window lacks, and ignores ones in neither", () => {
    // Reference a 50, b 50; current a 10 only: E = 5, 5; χ² = 25/5 + 25/5 = 10, p = χ²₁ tail.
    const r = chiSquareTest({ a: 10 }, { a: 50, b: 50, z: 0 })!;
    expect(r.chi2).toBeCloseTo(10, 12);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.pValue).toBeCloseTo(chiSquareSurvival(10, 1), 15);
  });

  it("gives χ² = 0, p = 1 when the current window matches the reference exactly", () => {
    expect(chiSquareTest({ x: 2, y: 6 }, { x: 25, y: 75 })).toEqual({ chi2: 0, degreesOfFreedom: 1, pValue: 1 });
  });

  it("is null for an empty window or a single category", () => {
    expect(chiSquareTest({}, { a: 1, b: 1 })).toBeNull();
    expect(chiSquareTest({ a: 0 }, { a: 1, b: 1 })).toBeNull();
    expect(chiSquareTest({ a: 3 }, {})).toBeNull();
    expect(chiSquareTest({ a: 3 }, { a: 7 })).toBeNull();
    expect(() => chiSquareTest({ a: -1 }, { a: 1 })).toThrow(RangeError);
    expect(() => chiSquareTest({ a: 1 }, { a: Number.NaN })).toThrow(RangeError);
  });

  it("treats category names like constructor and toString as plain keys", () => {
    const r = chiSquareTest({ constructor: 5, toString: 5 }, { constructor: 1, valueOf: 1 })!;
    // valueOf has no current items; toString is unseen and gets 0.5. N = 10, shares
    // constructor 1, valueOf 1, toString 0.5 over 2.5 → E = 4, 4, 2.
    //   χ² = 1²/4 + 4²/4 + 3²/2 = 0.25 + 4 + 4.5 = 8.75, df = 2.
    expect(r.chi2).toBeCloseTo(8.75, 12);
    expect(r.degreesOfFreedom).toBe(2);
  });

  it("stays finite for huge counts", () => {
    const r = chiSquareTest({ a: 1e12, b: 1e12 + 1e7 }, { a: 5e11, b: 5e11 })!;
    expect(Number.isFinite(r.chi2)).toBe(true);
    expect(r.pValue).toBeGreaterThanOrEqual(0);
    expect(r.pValue).toBeLessThanOrEqual(1);
  });
});
