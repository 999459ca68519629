import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  binCounts,
  chiSquareHomogeneity,
  cohensKappa,
  decileEdges,
  estimatedAccuracy,
  estimatedAccuracyFromSums,
  evenEdges,
  histogram,
  ksFromSketches,
  ksTest,
  labelsNeededForDrop,
  psi,
  psiFromSamples,
  psiFromSketches,
  regressionErrors,
  sketchOf,
  weightedProportion,
  wilsonInterval,
} from "./index";

// Property-based checks (fast-check, shrinking to a smallest failing input) of the statistics:
// over any sample, including NaN, ±Infinity, ±1e308, −0 and empty ones, no function crashes or
// lets NaN or ±Infinity out; a figure is a finite number in its range, or null. The one property
// suite of lib/stats: fast-check finds the corner cases and shrinks them for us.

const RUNS = { numRuns: 300 };

/** Every number reachable in a result (objects and arrays walked) is finite. */
function allFinite(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).every(allFinite);
  return true;
}

/** Any double a sample may hold, weighted towards the ones that break arithmetic. */
const anyDouble = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -0, 0),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const sample = fc.oneof(fc.array(anyDouble, { maxLength: 60 }), fc.tuple(anyDouble, fc.nat(40)).map(([v, n]) => new Array<number>(n).fill(v)));
/** Counts as rollups keep them: non-negative, up to far past any real volume. */
const count = fc.oneof(fc.constant(0), fc.nat(1_000), fc.double({ min: 0, max: 1e15, noNaN: true }));
const counts = (length: number) => fc.array(count, { minLength: length, maxLength: length });
const categoryCounts = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "constructor", "__proto__", "toString"), count, { maxKeys: 6 });

describe("the statistics never let NaN or Infinity out", () => {
  it("wilsonInterval: finite, ordered, inside [0, 1], or null for n = 0", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 1e300, noNaN: true }), fc.nat(), fc.constantFrom(0, Number.MIN_VALUE, Number.MAX_VALUE)), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(1, 1.96, 3.29, 10), (n, share, z) => {
        const w = wilsonInterval(Math.min(n, n * share), n, z);
        if (n === 0) {
          expect(w).toBeNull();
          return;
        }
        expect(allFinite(w)).toBe(true);
        expect(0 <= w!.low && w!.low <= w!.value && w!.value <= w!.high && w!.high <= 1).toBe(true);
      }),
      RUNS,
    );
  });

  it("wilsonInterval refuses impossible arguments with a RangeError, nothing else", () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, anyDouble, (s, n, z) => {
        try {
          expect(allFinite(wilsonInterval(s, n, z))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
      RUNS,
    );
  });

  it("weightedProportion: finite and inside [0, 1] for any inclusion probabilities", () => {
    const item = fc.record({ correct: fc.boolean(), inclusionProbability: fc.oneof(fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }), fc.constantFrom(1, Number.MIN_VALUE, 1e-300)) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const w = weightedProportion(items);
        if (items.length === 0) {
          expect(w).toBeNull();
          return;
        }
        expect(allFinite(w)).toBe(true);
        expect(0 <= w!.low && w!.low <= w!.high && w!.high <= 1 && w!.effectiveN >= 1 - 1e-9).toBe(true);
      }),
      RUNS,
    );
  });

  it("PSI from samples: finite and non-negative, or null when a window has no finite value", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const p = psiFromSamples(a, b);
        if (!a.some(Number.isFinite) || !b.some(Number.isFinite)) {
          expect(p).toBeNull();
          return;
        }
        expect(Number.isFinite(p)).toBe(true);
        expect(p!).toBeGreaterThanOrEqual(0);
        // Every finite value of the current window lands in one of the reference's bins.
        expect(binCounts(b, decileEdges(a)).reduce((x, y) => x + y, 0)).toBe(b.filter(Number.isFinite).length);
      }),
      RUNS,
    );
  });

  it("PSI and KS from sketches: finite and in range, or null for an empty window", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const p = psiFromSketches(sketchOf(a), sketchOf(b));
        const ks = ksFromSketches(sketchOf(a), sketchOf(b));
        if (!a.some(Number.isFinite) || !b.some(Number.isFinite)) {
          expect(p).toBeNull();
          expect(ks).toBeNull();
          return;
        }
        expect(Number.isFinite(p?.psi) && p!.psi >= 0).toBe(true);
        expect(allFinite(ks)).toBe(true);
        expect(ks!.d >= 0 && ks!.d <= 1 && ks!.pValue >= 0 && ks!.pValue <= 1).toBe(true);
      }),
      RUNS,
    );
  });

  it("PSI from counts: finite and ≥ 0, or null for an empty window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((bins) => fc.tuple(counts(bins), counts(bins))), ([a, b]) => {
        const p = psi(a, b);
        if (!a.some((c) => c > 0) || !b.some((c) => c > 0)) expect(p).toBeNull();
        else expect(Number.isFinite(p) && p! >= 0).toBe(true);
      }),
      RUNS,
    );
  });

  it("KS from samples: D and p in [0, 1], or null", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ks = ksTest(a, b);
        if (!a.some(Number.isFinite) || !b.some(Number.isFinite)) {
          expect(ks).toBeNull();
          return;
        }
        expect(allFinite(ks)).toBe(true);
        expect(ks!.d >= 0 && ks!.d <= 1 && ks!.pValue >= 0 && ks!.pValue <= 1).toBe(true);
      }),
      RUNS,
    );
  });

  it("chi-square: finite statistic ≥ 0 and p in [0, 1], or null", () => {
    fc.assert(
      fc.property(categoryCounts, categoryCounts, (current, reference) => {
        const chi = chiSquareHomogeneity(reference, current);
        expect(allFinite(chi)).toBe(true);
        if (chi) expect(chi.chi2 >= 0 && chi.pValue >= 0 && chi.pValue <= 1 && chi.degreesOfFreedom >= 1).toBe(true);
      }),
      RUNS,
    );
  });

  it("Cohen's kappa: finite and in [−1, 1], or null for no items", () => {
    const label = fc.oneof(fc.constantFrom("a", "b", "c", "constructor", "__proto__"), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(label, label), { maxLength: 50 }), (pairs) => {
        const k = cohensKappa(pairs);
        if (pairs.length === 0) {
          expect(k).toBeNull();
          return;
        }
        expect(allFinite(k)).toBe(true);
        expect(k!.kappa >= -1 - 1e-12 && k!.kappa <= 1 + 1e-12).toBe(true);
      }),
      RUNS,
    );
  });

  it("estimated accuracy: in [0.5, 1] for any probabilities, NaN among them skipped", () => {
    const score = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(Number.NaN, Infinity, -0));
    fc.assert(
      fc.property(fc.array(score, { maxLength: 50 }), (scores) => {
        const e = estimatedAccuracy(scores);
        if (!scores.some(Number.isFinite)) {
          expect(e).toBeNull();
          return;
        }
        expect(allFinite(e)).toBe(true);
        expect(e!.value >= 0.5 && e!.value <= 1).toBe(true);
        // The rollup's form gives the same figure from a running sum.
        const finite = scores.filter(Number.isFinite);
        expect(estimatedAccuracyFromSums(finite.reduce((s, p) => s + Math.max(p, 1 - p), 0), finite.length)!.value).toBeCloseTo(e!.value, 12);
      }),
      RUNS,
    );
  });

  it("regression errors: finite, MAE ≤ RMSE, or null with no usable pair, even at ±1e308", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ predicted: anyDouble, actual: anyDouble }), { maxLength: 40 }), (pairs) => {
        const r = regressionErrors(pairs);
        const usable = pairs.filter((p) => Number.isFinite(p.actual - p.predicted)).length;
        if (usable === 0) {
          expect(r).toBeNull();
          return;
        }
        expect(allFinite(r)).toBe(true);
        expect(r!.n).toBe(usable);
        expect(r!.mae).toBeGreaterThanOrEqual(0);
        expect(r!.mae <= r!.rmse * (1 + 1e-12)).toBe(true);
        expect(Math.abs(r!.meanResidual) <= r!.mae * (1 + 1e-12)).toBe(true);
      }),
      RUNS,
    );
  });

  it("labels needed for a drop: a safe integer ≥ 1 for any baseline, drop, alpha and power", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.001, 0.05, 0.5, 0.9),
        fc.constantFrom(0.1, 0.8, 0.999),
        (baselineAccuracy, share, alpha, power) => {
          const needed = labelsNeededForDrop({ baselineAccuracy, drop: Math.max(Number.MIN_VALUE, baselineAccuracy * share), alpha, power });
          return Number.isSafeInteger(needed) && needed >= 1;
        },
      ),
      RUNS,
    );
  });
});

describe("histograms merge", () => {
  it("the histogram of two samples together is the sum of their histograms, and counts every finite value once", () => {
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: 1, max: 30 }), (a, b, bins) => {
        const edges = evenEdges(-1e6, 1e6, bins);
        const together = histogram([...a, ...b], edges);
        const apart = histogram(a, edges).map((n, i) => n + histogram(b, edges)[i]!);
        expect(together).toEqual(apart);
        expect(together.reduce((x, y) => x + y, 0)).toBe([...a, ...b].filter(Number.isFinite).length);
      }),
      RUNS,
    );
  });
});
