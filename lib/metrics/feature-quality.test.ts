import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/stats/seeded-random";
import { aggregateBucket, mergeDay, mergeDistributions, valueTypeOf, type RollupInputRow } from "./aggregate-bucket";
import { featureQuality, type QualityWindow } from "./feature-quality";
import { VALUE_TYPES, type ValueType } from "./rollup-types";

const binary = { task: "binary" as const, positiveClass: "spam" };
const rowOf = (features: Record<string, unknown>): RollupInputRow => ({ score: 0.5, label: "spam", value: null, actualLabel: null, actualValue: null, features });

/**
 * Rows cut into hours of random sizes (single rows included), rolled up, merged as the reads do.
 * An hour starts only at a row whose features have their usual types: an hour whose first value
 * has another type keeps the feature in the other shape, which the last tests cover.
 */
function windowOf(rows: RollupInputRow[], random: () => number, viaDays: boolean, startsHour = (_: RollupInputRow) => true): QualityWindow {
  const canStart = (r: RollupInputRow | undefined) => !r || startsHour(r);
  const hours: RollupInputRow[][] = [];
  for (let i = 0; i < rows.length; ) {
    let size = random() < 0.2 ? 1 : 1 + Math.floor(random() * 40);
    while (!canStart(rows[i + size])) size++;
    hours.push(rows.slice(i, i + size));
    i += size;
  }
  const rollups = hours.map((h) => ({ ...aggregateBucket(binary, h), distributionsVersion: 3 }));
  const d = viaDays
    ? mergeDistributions([mergeDay(rollups.slice(0, rollups.length >> 1)).distributions, mergeDay(rollups.slice(rollups.length >> 1)).distributions])
    : mergeDistributions(rollups.map((r) => r.distributions));
  return { d, volume: rows.length };
}

/** The four counts computed directly from the raw rows (the definitions in API.md). */
function rawQuality(name: string, reference: RollupInputRow[], current: RollupInputRow[]) {
  const present = (rows: RollupInputRow[]) => rows.map((r) => r.features[name]).filter((v) => v !== null && v !== undefined);
  const refValues = present(reference);
  const tally = new Map<ValueType, number>();
  for (const v of refValues) tally.set(valueTypeOf(v), (tally.get(valueTypeOf(v)) ?? 0) + 1);
  let referenceType: ValueType | null = null;
  for (const t of VALUE_TYPES) if ((tally.get(t) ?? 0) > 0 && (referenceType === null || tally.get(t)! > tally.get(referenceType)!)) referenceType = t;
  const curValues = present(current);
  const refNumbers = refValues.filter((v): v is number => typeof v === "number");
  const [min, max] = [Math.min(...refNumbers), Math.max(...refNumbers)];
  const seen = new Set(refValues.map(String));
  return {
    missing: current.length - curValues.length,
    wrongType: referenceType ? curValues.filter((v) => valueTypeOf(v) !== referenceType).length : 0,
    outOfRange: referenceType === "number" ? curValues.filter((v) => typeof v === "number" && (v < min || v > max)).length : 0,
    newCategory: referenceType && referenceType !== "number" ? curValues.filter((v) => !seen.has(String(v))).length : 0,
    referenceType,
  };
}

/**
 * A data set of one numeric and one categorical feature: integer values in a narrow range at a
 * large offset (ties), missing keys, nulls, values of the wrong type, values past the reference's
 * range and categories the reference never had, more of each in the current window.
 */
function dataSet(seed: number, rows: number) {
  const random = seededRandom(seed);
  const offset = [0, 1e6, -5e3, 1e-6][seed % 4]!;
  const scale = [1, 0.001, 1000, 1][seed % 3]!;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const make = (count: number, drift: number) =>
    Array.from({ length: count }, (_, i) => {
      const f: Record<string, unknown> = {};
      const roll = random();
      // The first row of every window has the right type, so the distributions take the reference's shape.
      if (i === 0 || roll > 0.1 + drift) f.length = offset + scale * (Math.floor(random() * 30) + (random() < drift ? 25 : 0));
      else if (roll > 0.06) f.length = null;
      else if (roll > 0.03) f.length = pick(["12", true, [1]]);
      const c = random();
      if (i === 0 || c > 0.08 + drift) f.domain = pick(["a.org", "b.org", "c.org", "d.org"]) + (random() < drift ? "-new" : "");
      else if (c > 0.04) f.domain = pick([null, 7, false]);
      return rowOf(f);
    });
  const small = random() < 0.3;
  return { reference: make(small ? 1 + Math.floor(random() * 5) : rows, 0), current: make(small ? 1 + Math.floor(random() * 5) : rows, 0.1 + random() * 0.3), random };
}

describe("featureQuality", () => {
  it("equals the counts computed from the raw rows, over many random data sets and tiny windows", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { reference, current, random } = dataSet(seed, 20 + Math.floor(seededRandom(seed * 7)() * 400));
      const usual = (r: RollupInputRow) => typeof r.features.length === "number" && typeof r.features.domain === "string";
      const ref = windowOf(reference, random, seed % 2 === 0, usual);
      const cur = windowOf(current, random, seed % 3 === 0, usual);
      for (const name of ["length", "domain"]) {
        const expected = rawQuality(name, reference, current);
        const q = featureQuality(name, ref, cur);
        expect(q.exact, `seed ${seed} ${name}`).toBe(true);
        expect({ ...q.counts, referenceType: q.referenceType }, `seed ${seed} ${name}`).toEqual(expected);
        expect(q.n).toBe(current.length);
        expect(q.missing).toBeCloseTo(expected.missing / current.length, 12);
        expect(q.reference.count).toBe(rawQuality(name, reference, reference).missing);
      }
    }
  });

  it("estimates values outside the reference's range from the sketch when the window has many distinct values, and says so", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const reference = Array.from({ length: 3000 }, () => rowOf({ x: 100 + random() * 50 }));
      const shift = random() * 60 - 30;
      const current = Array.from({ length: 3000 }, () => rowOf({ x: 100 + shift + random() * 50 }));
      const q = featureQuality("x", windowOf(reference, random, false), windowOf(current, random, true));
      const expected = rawQuality("x", reference, current).outOfRange;
      expect(q.exact).toBe(false);
      // Within the sketch's rank error: 1% of the window.
      expect(Math.abs(q.counts.outOfRange - expected), `seed ${seed}`).toBeLessThanOrEqual(0.01 * current.length);
    }
  });

  it("counts every present value by type even where the distribution took the other shape, and is not exact there", () => {
    // The current window's first hour starts with a string: that hour's feature is categorical.
    const reference = [1, 2, 3, 4].map((x) => rowOf({ x }));
    const current = [rowOf({ x: "9" }), rowOf({ x: 50 }), rowOf({ x: 2 }), rowOf({})];
    const q = featureQuality("x", { d: aggregateBucket(binary, reference).distributions, volume: 4 }, { d: aggregateBucket(binary, current).distributions, volume: 4 });
    expect(q.counts).toMatchObject({ missing: 1, wrongType: 1 });
    expect(q.exact).toBe(false);
  });

  it("does not call categories folded into (other) new, and says the count is not exact", () => {
    const reference = Array.from({ length: 60 }, (_, i) => rowOf({ c: `k${i}` }));
    const current = Array.from({ length: 60 }, (_, i) => rowOf({ c: `k${i}` }));
    const q = featureQuality("c", { d: aggregateBucket(binary, reference).distributions, volume: 60 }, { d: aggregateBucket(binary, current).distributions, volume: 60 });
    expect(q.counts.newCategory).toBe(0);
    expect(q.exact).toBe(false);
  });

  it("flags a jump of the missing share only when it is large and not chance", () => {
    const window = (n: number, missing: number): QualityWindow => ({
      d: aggregateBucket(binary, Array.from({ length: n }, (_, i) => rowOf(i < missing ? {} : { x: i }))).distributions,
      volume: n,
    });
    expect(featureQuality("x", window(1000, 10), window(1000, 300)).missingJumped).toBe(true);
    expect(featureQuality("x", window(1000, 10), window(1000, 40)).missingJumped).toBe(false);
    expect(featureQuality("x", window(1000, 10), window(3, 1)).missingJumped).toBe(false);
    expect(featureQuality("x", window(1000, 300), window(1000, 10)).missingJumped).toBe(false);
  });

  it("gives no shares for an empty window, never 0", () => {
    const q = featureQuality("x", null, { d: aggregateBucket(binary, []).distributions, volume: 0 });
    expect(q).toMatchObject({ missing: null, wrongType: null, outOfRange: null, newCategory: null, n: 0, referenceType: null });
  });
});
