import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ksFromSketches, ksPValue, ksStatistic, ksTest } from "./ks";
import { psiFromSamples, psiFromSketches } from "./psi";
import { cdfOf, cdfWeight, EXACT_DISTINCT_LIMIT, mergeSketches, sketchOf, type QuantileSketch } from "./quantile-sketch";
import { seededRandom as random } from "./seeded-random";

// The sketch against exact computations on the raw values (DESIGN.md: KS D within 0.01 of D on
// the raw values; PSI within 0.02, or 10%, of PSI on the raw values), over many random data sets
// that went through the rollups' path: an hour each, merged into days, days merged into windows.

type Family = (next: () => number, shift: number) => number;
const normal = (next: () => number) => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
/** The shapes features come in; `shift` moves the current window (0 = undrifted). */
export const FAMILIES: Record<string, Family> = {
  uniform: (next, s) => next() + 0.3 * s,
  normal: (next, s) => normal(next) + s,
  "heavy-tailed (Cauchy)": (next, s) => Math.tan(Math.PI * (next() - 0.5)) + s,
  "heavy-tailed (log-normal)": (next, s) => Math.exp(1.5 * normal(next) + s),
  "integers with ties (few)": (next, s) => Math.floor(-Math.log(1 - next()) * (3 + 2 * s)),
  "integers with ties (many)": (next, s) => Math.round(300 * normal(next) + 300 * s),
  "narrow range [0.05, 0.16]": (next, s) => 0.05 + 0.11 * next() ** (1 + s),
  "large offset (1e6 + x)": (next, s) => 1e6 + normal(next) + s,
  "latitudes": (next, s) => Math.round((45.2 + 0.4 * normal(next) + 0.2 * s) * 1e5) / 1e5,
  "zero-inflated": (next, s) => (next() < 0.4 + 0.1 * s ? 0 : Math.exp(normal(next))),
};
const SHIFTS = [0, 0.05, 0.2, 0.5, 1.5];

/** A window as the rollups keep it: hours of random sizes, merged into days, days into the window. */
function window(values: number[], next: () => number): QuantileSketch | null {
  const hours: (QuantileSketch | null)[] = [];
  for (let i = 0; i < values.length; ) {
    const size = 1 + Math.floor(next() * 400);
    hours.push(sketchOf(values.slice(i, i + size)));
    i += size;
  }
  const days: (QuantileSketch | null)[] = [];
  for (let d = 0; d < hours.length; d += 24) days.push(mergeSketches(hours.slice(d, d + 24)));
  return mergeSketches(days);
}

const psiTolerance = (exact: number) => Math.max(0.02, 0.1 * exact);

describe("sketches against the exact figures on the raw values", () => {
  it("KS D within 0.01 and PSI within max(0.02, 10%), for every family, drift and window size", () => {
    const next = random(12);
    let checked = 0;
    for (const [name, family] of Object.entries(FAMILIES)) {
      for (const shift of SHIFTS) {
        for (const [referenceSize, currentSize] of [[6000, 4000], [300, 5000], [40, 25]] as const) {
          const reference = Array.from({ length: referenceSize }, () => family(next, 0));
          const current = Array.from({ length: currentSize }, () => family(next, shift));
          const [r, c] = [window(reference, next), window(current, next)];
          const ks = ksFromSketches(r, c)!;
          const exactD = ksStatistic(reference, current)!;
          const p = psiFromSketches(r, c)!;
          const exactPsi = psiFromSamples(reference, current)!;
          const where = `${name}, shift ${shift}, ${referenceSize} against ${currentSize}`;
          expect(Math.abs(ks.d - exactD), `KS D ${ks.d} against ${exactD}: ${where}`).toBeLessThanOrEqual(0.01);
          expect(Math.abs(p.psi - exactPsi), `PSI ${p.psi} against ${exactPsi}: ${where}`).toBeLessThanOrEqual(psiTolerance(exactPsi));
          expect(ks).toMatchObject({ n: referenceSize, m: currentSize });
          checked++;
        }
      }
    }
    expect(checked).toBe(Object.keys(FAMILIES).length * SHIFTS.length * 3);
  }, 120_000);

  it("equals them exactly while a window holds few distinct values (integers, codes, flags)", () => {
    const next = random(3);
    for (let run = 0; run < 120; run++) {
      const distinct = 1 + Math.floor(next() * EXACT_DISTINCT_LIMIT);
      const draw = (skew: number) => Array.from({ length: 1 + Math.floor(next() * 3000) }, () => Math.floor(distinct * next() ** skew) - 7);
      const reference = draw(0.5 + next());
      const current = draw(0.5 + 2 * next());
      const [r, c] = [window(reference, next), window(current, next)];
      expect(r!.means.length).toBeLessThanOrEqual(EXACT_DISTINCT_LIMIT);
      expect(psiFromSketches(r, c)!.psi).toBe(psiFromSamples(reference, current));
      const exact = ksTest(reference, current)!;
      const fromSketches = ksFromSketches(r, c)!;
      expect(fromSketches.d).toBeCloseTo(exact.d, 14);
      expect(fromSketches.pValue).toBeCloseTo(exact.pValue, 12);
    }
  }, 60_000);

  it("sees a constant reference move: KS D = 1 where PSI has only two bins", () => {
    const reference = sketchOf(new Array<number>(500).fill(3.5));
    const moved = sketchOf(Array.from({ length: 500 }, (_, i) => 3.6 + i / 1000));
    expect(psiFromSketches(reference, moved)).toEqual({ psi: 0, bins: 2 });
    expect(ksFromSketches(reference, moved)).toMatchObject({ d: 1, n: 500, m: 500 });
    expect(ksFromSketches(reference, moved)!.pValue).toBeCloseTo(ksPValue(1, 500, 500), 15);
  });
});

describe("a sketch", () => {
  it("keeps n, the minimum and the maximum exactly through any merge", () => {
    const next = random(5);
    const values = Array.from({ length: 20_000 }, () => FAMILIES["heavy-tailed (Cauchy)"]!(next, 0));
    const s = window(values, next)!;
    expect(s.n).toBe(values.length);
    expect(s.min).toBe(Math.min(...values));
    expect(s.max).toBe(Math.max(...values));
    expect(s.weights.reduce((a, b) => a + b, 0)).toBe(values.length);
    expect(s.means.length).toBeLessThan(150);
  });

  it("does not depend on the order or grouping of what it merges", () => {
    const next = random(8);
    const parts = Array.from({ length: 12 }, () => sketchOf(Array.from({ length: 500 }, () => normal(next))));
    const a = mergeSketches(parts);
    const b = mergeSketches([...parts].reverse());
    expect(a).toEqual(b);
    const grouped = mergeSketches([mergeSketches(parts.slice(0, 5)), mergeSketches(parts.slice(5))])!;
    expect(ksFromSketches(a, grouped)!.d).toBeLessThan(0.005);
  });

  it("keeps a heavy repeated value a point mass: its jump in the CDF is exact", () => {
    const next = random(9);
    const values = Array.from({ length: 10_000 }, () => (next() < 0.37 ? 0 : 1 + next()));
    const cdf = cdfOf(window(values, next)!);
    const zeros = values.filter((v) => v === 0).length;
    expect(cdfWeight(cdf, 0, true)).toBe(0);
    expect(cdfWeight(cdf, 0, false)).toBe(zeros);
  });

  it("ignores NaN and ±Infinity, and is null without a finite value", () => {
    expect(sketchOf([Number.NaN, Infinity])).toBeNull();
    expect(sketchOf([1, Number.NaN, 2, -Infinity])).toEqual({ n: 2, min: 1, max: 2, means: [1, 2], weights: [1, 1], points: [] });
    expect(mergeSketches([null, undefined])).toBeNull();
  });
});

describe("drift figures from sketches do not depend on units", () => {
  // x, a·x + b (a > 0) through the same hours and merges: PSI, its bins, KS D and the p-value
  // agree to rounding (D a relative 1e-9, PSI 1e-6, the p-value 1e-7), for random data of every
  // family and random a and b. PSI gets more room: a bin's share that lands near the 1e-4 floor
  // goes through a log, which turns a 1e-12 shift of an interpolated edge into ~1e-9.
  // b = a·c with |c| ≤ 1e5: past that a double cannot tell apart values 1e-8 apart any more,
  // and two values becoming one is a change of data, not of units.
  it("PSI, KS D and p are unchanged by a·x + b", () => {
    const families = Object.keys(FAMILIES);
    fc.assert(
      fc.property(
        fc.constantFrom(...families),
        fc.constantFrom(...SHIFTS),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (family, shift, a, c, seed) => {
          const b = a * c;
          const next = random(seed);
          const draw = (s: number, n: number) => Array.from({ length: n }, () => FAMILIES[family]!(next, s));
          const reference = draw(0, 50 + Math.floor(next() * 3000));
          const current = draw(shift, 50 + Math.floor(next() * 3000));
          const hourSeed = Math.floor(next() * 2 ** 31);
          const figures = (f: (x: number) => number) => {
            const hours = random(hourSeed);
            const [r, c] = [window(reference.map(f), hours), window(current.map(f), hours)];
            return { psi: psiFromSketches(r, c)!, ks: ksFromSketches(r, c)! };
          };
          const plain = figures((x) => x);
          const changed = figures((x) => a * x + b);
          const close = (x: number, y: number, relative = 1e-9) => Math.abs(x - y) <= relative * Math.max(1, Math.abs(x));
          expect(changed.psi.bins).toBe(plain.psi.bins);
          expect(close(changed.psi.psi, plain.psi.psi, 1e-6), `PSI ${changed.psi.psi} against ${plain.psi.psi}`).toBe(true);
          expect(close(changed.ks.d, plain.ks.d), `D ${changed.ks.d} against ${plain.ks.d}`).toBe(true);
          // p moves with D by up to dp/dD ≈ 4λ√nₑ·e^(−2λ²): tens at these sizes, so rounding in D shows ×100.
          expect(Math.abs(changed.ks.pValue - plain.ks.pValue), `p ${changed.ks.pValue} against ${plain.ks.pValue}`).toBeLessThanOrEqual(1e-7);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
