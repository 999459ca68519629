import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "@/lib/simulation/random";
import { weightedMean } from "./weighted-mean";

/** The definition, computed the plain way on the raw values (two passes, no scaling). */
function byDefinition(items: { value: number; inclusionProbability: number }[], z = 1.96) {
  const w = items.map((i) => 1 / i.inclusionProbability);
  const total = w.reduce((a, b) => a + b, 0);
  const mean = items.reduce((sum, item, k) => sum + w[k]! * item.value, 0) / total;
  const n = items.length;
  const spread = items.reduce((sum, item, k) => sum + (w[k]! * (item.value - mean)) ** 2, 0);
  const half = z * Math.sqrt(((n / (n - 1)) * spread) / total ** 2);
  return { value: mean, low: Math.max(0, mean - half), high: mean + half, effectiveN: total ** 2 / w.reduce((a, b) => a + b * b, 0) };
}

const close = (actual: number | null, expected: number, relative = 1e-9) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), Number.MIN_VALUE));
};

describe("weightedMean", () => {
  it("is the textbook mean ± 1.96·s/√n when every item had the same chance", () => {
    // Errors 1, 2, 3, 4, 10: mean 4, s² = (9 + 4 + 1 + 0 + 36)/4 = 12.5, s/√n = √2.5 = 1.581139
    //   → 4 ± 3.099032: 0.900968 to 7.099032
    const r = weightedMean([1, 2, 3, 4, 10].map((value) => ({ value, inclusionProbability: 0.05 })))!;
    expect(r).toMatchObject({ value: 4, n: 5 });
    expect(r.effectiveN).toBeCloseTo(5, 12);
    expect(r.low).toBeCloseTo(0.900968, 5);
    expect(r.high).toBeCloseTo(7.099032, 5);
  });

  it("weights by 1/π and takes the linearised variance of the ratio (worked by hand)", () => {
    // π 0.5 (weight 2): errors 1 and 3. π 0.1 (weight 10): errors 2 and 8.
    //   Σw = 24, μ = (2 + 6 + 20 + 80)/24 = 108/24 = 4.5
    //   Σ w²(x − μ)² = 4·12.25 + 4·2.25 + 100·6.25 + 100·12.25 = 49 + 9 + 625 + 1225 = 1908
    //   v = 4/3 · 1908 / 576 = 4.416667, √v = 2.101587, half = 4.119111 → 0.380889 to 8.619111
    //   n_eff = 576 / (4 + 4 + 100 + 100) = 2.769231
    const r = weightedMean([
      { value: 1, inclusionProbability: 0.5 },
      { value: 3, inclusionProbability: 0.5 },
      { value: 2, inclusionProbability: 0.1 },
      { value: 8, inclusionProbability: 0.1 },
    ])!;
    expect(r.value).toBeCloseTo(4.5, 12);
    expect(r.low).toBeCloseTo(0.380889, 5);
    expect(r.high).toBeCloseTo(8.619111, 5);
    expect(r.effectiveN).toBeCloseTo(576 / 208, 12);
    expect(r.n).toBe(4);
  });

  it("matches the definition on many random samples: narrow ranges, large offsets, other units, ties, tiny samples", () => {
    const random = new Random(20261207);
    const shapes: ((r: Random) => number)[] = [
      (r) => r.uniform(0, 10),
      (r) => Math.abs(r.normal(0, 3)),
      (r) => -Math.log(1 - r.next()) * 5, // exponential: skewed like absolute errors
      (r) => 1e6 + r.uniform(0, 1), // a large offset
      (r) => 0.05 + r.uniform(0, 0.1), // a narrow range
      (r) => 1e-9 * r.uniform(0, 1), // other units
      (r) => r.int(0, 3), // integers with ties
      (r) => Math.exp(r.normal(0, 2)), // heavy-tailed
    ];
    for (let run = 0; run < 400; run++) {
      const shape = shapes[run % shapes.length]!;
      const n = run % 5 === 0 ? random.int(2, 4) : random.int(2, 300);
      const rates = [1, 0.5, 0.05, 0.001, random.uniform(0.0001, 1)];
      const items = Array.from({ length: n }, () => ({ value: shape(random), inclusionProbability: rates[random.int(0, rates.length - 1)]! }));
      const expected = byDefinition(items);
      const r = weightedMean(items)!;
      close(r.value, expected.value);
      close(r.effectiveN, expected.effectiveN);
      close(r.high, expected.high);
      // The low end is a difference: compare it on the scale of the mean.
      expect(Math.abs(r.low! - expected.low)).toBeLessThanOrEqual(1e-9 * Math.max(expected.value, Number.MIN_VALUE));
      expect(r.n).toBe(n);
    }
  });

  it("does not depend on the units of the values or on a common factor in the probabilities", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.double({ min: 0, max: 1e6, noNaN: true }), inclusionProbability: fc.double({ min: 1e-6, max: 1, noNaN: true }) }), { minLength: 2, maxLength: 40 }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (items, factor) => {
          const base = weightedMean(items)!;
          const scaled = weightedMean(items.map((i) => ({ ...i, value: i.value * factor })))!;
          const halved = weightedMean(items.map((i) => ({ ...i, inclusionProbability: i.inclusionProbability / 2 })))!;
          // Relative to the figures, with a floor: subnormal values (below 1e-308) have no relative precision to keep.
          const tolerance = 1e-9 * Math.max(base.high!, 1e-300);
          expect(Math.abs(scaled.value - base.value * factor)).toBeLessThanOrEqual(tolerance * factor);
          expect(Math.abs(scaled.high! - base.high! * factor)).toBeLessThanOrEqual(tolerance * factor);
          expect(Math.abs(halved.value - base.value)).toBeLessThanOrEqual(tolerance);
          expect(Math.abs(halved.low! - base.low!)).toBeLessThanOrEqual(tolerance);
          expect(base.low!).toBeLessThanOrEqual(base.value);
          expect(base.high!).toBeGreaterThanOrEqual(base.value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives no interval for one item, none at all for none, and a zero-width one when every error is the same", () => {
    expect(weightedMean([])).toBeNull();
    expect(weightedMean([{ value: 3, inclusionProbability: 0.2 }])).toEqual({ value: 3, low: null, high: null, n: 1, effectiveN: 1 });
    expect(weightedMean([2, 2, 2].map((value, i) => ({ value, inclusionProbability: [1, 0.1, 0.01][i]! })))).toMatchObject({ value: 2, low: 2, high: 2 });
  });

  it("rejects probabilities outside (0, 1] and negative or NaN values", () => {
    for (const p of [0, -0.1, 1.5, Number.NaN]) expect(() => weightedMean([{ value: 1, inclusionProbability: p }])).toThrow(RangeError);
    for (const v of [-1, Number.NaN]) expect(() => weightedMean([{ value: v, inclusionProbability: 0.5 }])).toThrow(RangeError);
  });

  it("stays finite near the largest double and counts an infinite error as the largest one", () => {
    const r = weightedMean([
      { value: 1e308, inclusionProbability: 1e-300 },
      { value: Number.POSITIVE_INFINITY, inclusionProbability: 5e-324 },
      { value: 0, inclusionProbability: 1 },
    ])!;
    expect([r.value, r.low, r.high, r.effectiveN].every((v) => Number.isFinite(v))).toBe(true);
    expect(r.value).toBeGreaterThan(1e307);
  });

  it("covers the true mean about 95% of the time under stratified sampling (seeded simulation)", () => {
    // A population of 3,000 absolute errors: a common stratum sampled at 5% with exponential
    // errors of mean 3, and a rare one (10%) sampled at 50% whose errors are five times larger.
    // About 240 labels a sample; 2,000 samples.
    const random = new Random(7);
    const population = Array.from({ length: 3000 }, (_, i) => {
      const rare = i % 10 === 0;
      return { rare, error: -Math.log(1 - random.next()) * (rare ? 15 : 3) };
    });
    const truth = population.reduce((sum, p) => sum + p.error, 0) / population.length;
    let covered = 0;
    const samples = 2000;
    for (let s = 0; s < samples; s++) {
      const items = population
        .map((p) => ({ value: p.error, inclusionProbability: p.rare ? 0.5 : 0.05 }))
        .filter((item) => random.next() < item.inclusionProbability);
      const r = weightedMean(items)!;
      if (r.low! <= truth && truth <= r.high!) covered++;
    }
    expect(covered / samples).toBeGreaterThan(0.93);
    expect(covered / samples).toBeLessThan(0.97);
  });
});
