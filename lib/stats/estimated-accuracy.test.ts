import { describe, expect, it } from "vitest";
import { estimatedAccuracy, estimatedAccuracyFromSums } from "./estimated-accuracy";

describe("estimatedAccuracy", () => {
  it("averages max(p, 1 − p) (worked by hand)", () => {
    // max(p, 1 − p) for 0.9, 0.2, 0.5, 1 is 0.9, 0.8, 0.5, 1; mean 3.2/4 = 0.8.
    expect(estimatedAccuracy([0.9, 0.2, 0.5, 1])).toEqual({ value: expect.closeTo(0.8, 15), n: 4 });
  });

  it("is 0.5 for maximally unsure scores and 1 for certain ones", () => {
    expect(estimatedAccuracy([0.5, 0.5])!.value).toBe(0.5);
    expect(estimatedAccuracy([0, 1, 1])!.value).toBe(1);
    expect(estimatedAccuracy([0.3])).toEqual({ value: 0.7, n: 1 });
  });

  it("is null without scores, skips NaN, rejects non-probabilities", () => {
    expect(estimatedAccuracy([])).toBeNull();
    expect(estimatedAccuracy([Number.NaN])).toBeNull();
    expect(estimatedAccuracy([Number.NaN, 0.8])).toEqual({ value: 0.8, n: 1 });
    expect(() => estimatedAccuracy([1.2])).toThrow(RangeError);
    expect(() => estimatedAccuracy([-0.1])).toThrow(RangeError);
  });
});

describe("estimatedAccuracyFromSums", () => {
  it("gives the same figure from a rollup's sums", () => {
    expect(estimatedAccuracyFromSums(3.2, 4)!.value).toBeCloseTo(estimatedAccuracy([0.9, 0.2, 0.5, 1])!.value, 15);
    expect(estimatedAccuracyFromSums(0.75e12, 1e12)).toEqual({ value: 0.75, n: 1e12 });
  });

  it("is null for n = 0, clamps rounding noise, and rejects impossible sums", () => {
    expect(estimatedAccuracyFromSums(0, 0)).toBeNull();
    expect(estimatedAccuracyFromSums(10 + 1e-12, 10)!.value).toBe(1);
    expect(() => estimatedAccuracyFromSums(2, 10)).toThrow(RangeError);
    expect(() => estimatedAccuracyFromSums(11, 10)).toThrow(RangeError);
    expect(() => estimatedAccuracyFromSums(1, -1)).toThrow(RangeError);
  });
});
