import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it("gives 0.2553 to 0.3662 for 81 of 263 at 95%", () => {
    // By hand, z = 1.96, z² = 3.8416, p = 81/263 = 0.307985:
    //   centre = (81 + 1.9208) / (263 + 3.8416)       = 82.9208 / 266.8416            = 0.310749
    //   half   = 1.96 / 266.8416 · √(263·p·(1−p) + 0.9604)
    //          = 0.0073452 · √(56.0532 + 0.9604)      = 0.0073452 · 7.550735          = 0.055462
    //   → 0.255288 to 0.366211, the 0.2553–0.3662 quoted for this example.
    const r = wilsonInterval(81, 263)!;
    expect(r.value).toBeCloseTo(81 / 263, 12);
    expect(r.low).toBeCloseTo(0.255288, 6);
    expect(r.high).toBeCloseTo(0.366211, 6);
    expect(r.n).toBe(263);
  });

  it("matches scipy when given scipy's z", () => {
    // scipy 1.17: binomtest(81, 263).proportion_ci(method="wilson") uses z = norm.ppf(0.975)
    // and gives (0.2552885198782742, 0.36620957698280004).
    const r = wilsonInterval(81, 263, 1.959963984540054)!;
    expect(r.low).toBeCloseTo(0.2552885198782742, 12);
    expect(r.high).toBeCloseTo(0.36620957698280004, 12);
  });

  it("has closed forms at 0 and n successes", () => {
    // p = 0: centre = half = (z²/2)/(n+z²), so low = 0 and high = z²/(n+z²) = 3.8416/13.8416.
    expect(wilsonInterval(0, 10)).toMatchObject({ value: 0, low: 0, high: expect.closeTo(0.2775401687666166, 12) });
    // p = 1 mirrors it: low = n/(n+z²) = 10/13.8416.
    expect(wilsonInterval(10, 10)).toMatchObject({ value: 1, low: expect.closeTo(0.7224598312333834, 12), high: 1 });
    // A single item: low = 1/(1+z²) = 1/4.8416 = 0.206543.
    expect(wilsonInterval(1, 1)).toMatchObject({ low: expect.closeTo(0.20654329147389294, 12), high: 1 });
  });

  it("returns null for n = 0 and rejects impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, -4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 4)).toThrow(RangeError);
  });

  it("narrows to ±z·√(p(1−p)/n) at huge n", () => {
    const r = wilsonInterval(5e11, 1e12)!;
    const half = 1.96 * Math.sqrt(0.25 / 1e12); // 9.8e-7
    expect(r.low).toBeCloseTo(0.5 - half, 12);
    expect(r.high).toBeCloseTo(0.5 + half, 12);
  });

  it("accepts non-integer (effective) counts and stays finite for a tiny effective n", () => {
    const r = wilsonInterval(2.5, 5.5)!;
    expect(r.value).toBeCloseTo(2.5 / 5.5, 12);
    expect(r.low).toBeLessThan(r.value);
    expect(r.high).toBeGreaterThan(r.value);
    const tiny = wilsonInterval(5e-324, 1e-320)!;
    expect([tiny.value, tiny.low, tiny.high].every(Number.isFinite)).toBe(true);
    expect(tiny.low).toBeGreaterThanOrEqual(0);
    expect(tiny.high).toBeLessThanOrEqual(1);
  });
});
