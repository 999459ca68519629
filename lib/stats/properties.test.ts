import { describe, expect, it } from "vitest";
import {
  chiSquareHomogeneity,
  cohensKappa,
  estimatedAccuracy,
  evenEdges,
  histogram,
  ksFromSketches,
  ksTest,
  labelsNeededForDrop,
  psiFromSamples,
  psiFromSketches,
  regressionErrors,
  sketchOf,
  weightedProportion,
  wilsonInterval,
} from "./index";
import { seededRandom as random } from "./seeded-random";

// Property check: over many seeded random inputs, including degenerate ones (empty, one value,
// all equal, extreme magnitudes), no function lets NaN or ±Infinity out, and probabilities and
// intervals keep their ranges.

/** Every number reachable in a result (objects and arrays walked) is finite. */
function allFinite(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).every(allFinite);
  return true;
}

const ITERATIONS = 400;

describe("no NaN or Infinity escapes", () => {
  it("holds over seeded random inputs", () => {
    const next = random(20240607);
    const int = (max: number) => Math.floor(next() * (max + 1));
    const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length - 1)] as T;
    // Samples of a random size (often 0 or 1), sometimes all equal, with a random magnitude.
    const sample = (): number[] => {
      const size = pick([0, 1, 2, 3, 10, 100, int(1000)]);
      const scale = pick([1e-300, 1e-6, 1, 1e6, 1e150, 1e300]);
      const constant = next() < 0.2;
      const c = (next() - 0.5) * scale;
      const xs = Array.from({ length: size }, () => (constant ? c : (next() - 0.5) * scale));
      if (next() < 0.1) xs.push(Number.NaN, Number.POSITIVE_INFINITY);
      return xs;
    };

    for (let i = 0; i < ITERATIONS; i++) {
      const n = pick([0, 1, 2, 17, 1e6, 1e15, next() * 3]);
      const s = Math.min(n, n * next());
      const w = wilsonInterval(s, n, pick([1, 1.96, 3.29]));
      expect(allFinite(w)).toBe(true);
      if (w) expect(0 <= w.low && w.low <= w.value && w.value <= w.high && w.high <= 1).toBe(true);

      const items = Array.from({ length: int(30) }, () => ({
        correct: next() < 0.7,
        inclusionProbability: pick([1, 0.5, 0.01, 1e-200, Math.max(Number.MIN_VALUE, next())]),
      }));
      const wp = weightedProportion(items);
      expect(allFinite(wp)).toBe(true);
      if (wp) expect(0 <= wp.low && wp.low <= wp.high && wp.high <= 1).toBe(true);

      const a = sample();
      const b = sample();
      const p = psiFromSamples(a, b);
      expect(allFinite(p)).toBe(true);
      if (p !== null) expect(p).toBeGreaterThanOrEqual(0);

      const ks = ksTest(a, b);
      expect(allFinite(ks)).toBe(true);
      if (ks) expect(ks.d >= 0 && ks.d <= 1 && ks.pValue >= 0 && ks.pValue <= 1).toBe(true);

      const bins = 1 + int(40);
      const edges = evenEdges(-1, 1, bins);
      const [sa, sb] = [sketchOf(a), sketchOf(b)];
      expect(allFinite(psiFromSketches(sa, sb))).toBe(true);
      expect(allFinite(ksFromSketches(sa, sb))).toBe(true);
      expect(allFinite(histogram(a, edges))).toBe(true);

      const labels = ["a", "b", "c", "constructor"].slice(0, 1 + int(3));
      const record = () => Object.fromEntries(labels.filter(() => next() < 0.8).map((l) => [l, int(pick([3, 1e6, 1e12]))]));
      const chi = chiSquareHomogeneity(record(), record());
      expect(allFinite(chi)).toBe(true);
      if (chi) expect(chi.pValue >= 0 && chi.pValue <= 1 && chi.chi2 >= 0).toBe(true);

      const pairs = Array.from({ length: int(20) }, (): [string, string] => [pick(labels), pick(labels)]);
      expect(allFinite(cohensKappa(pairs))).toBe(true);

      const scale = pick([1, 1e100, 1e300]);
      const regression = Array.from({ length: int(20) }, () => ({ predicted: (next() - 0.5) * scale, actual: (next() - 0.5) * scale }));
      expect(allFinite(regressionErrors(regression))).toBe(true);

      expect(allFinite(estimatedAccuracy(Array.from({ length: int(20) }, next)))).toBe(true);

      const baseline = Math.max(1e-9, next());
      const needed = labelsNeededForDrop({
        baselineAccuracy: baseline,
        drop: Math.max(Number.MIN_VALUE, baseline * next()),
        alpha: pick([0.001, 0.05, 0.5, 0.9]),
        power: pick([0.1, 0.8, 0.999]),
      });
      expect(Number.isSafeInteger(needed) && needed >= 1).toBe(true);
    }
  }, 30_000);
});
