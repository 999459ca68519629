import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "./normal";

describe("normalQuantile", () => {
  it("matches scipy.stats.norm.ppf to well within 1e-9", () => {
    // scipy 1.17 norm.ppf(p) for each p.
    const known: [number, number][] = [
      [0.5, 0],
      [0.8, 0.8416212335729143],
      [0.9, 1.2815515655446004],
      [0.95, 1.6448536269514722],
      [0.975, 1.959963984540054],
      [0.99, 2.3263478740408408],
      [0.02425, -1.972961051311885], // the edge between Acklam's central and tail regions
      [1e-10, -6.361340902404056],
    ];
    for (const [p, z] of known) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-12);
  });

  it("is antisymmetric and inverts normalCdf", () => {
    for (const p of [1e-8, 0.001, 0.3, 0.6, 0.97]) {
      // Mirror images, up to the rounding of 1 − p.
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 7);
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 12);
    }
    expect(normalCdf(normalQuantile(1e-300)) / 1e-300).toBeCloseTo(1, 10);
    expect(Number.isFinite(normalQuantile(Number.MIN_VALUE))).toBe(true);
  });

  it("rejects p outside (0, 1)", () => {
    for (const p of [0, 1, -0.5, 2, Number.NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe("normalCdf", () => {
  it("matches scipy.stats.norm.cdf, including the far tail", () => {
    const known: [number, number][] = [
      [-3, 0.0013498980316300933],
      [-1, 0.15865525393145707],
      [0, 0.5],
      [1, 0.8413447460685429],
      [1.96, 0.9750021048517795],
      [2.5, 0.9937903346742238],
    ];
    for (const [x, p] of known) expect(normalCdf(x)).toBeCloseTo(p, 15);
    // scipy norm.cdf(-8) = 6.22096057427174e-16: relative accuracy in the tail.
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
  });
});
