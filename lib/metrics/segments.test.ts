import { describe, expect, it } from "vitest";
import { Random } from "@/lib/simulation/random";
import { aggregateSegments, numericBinLabels, segmentValueOf, segmentsKey, type SegmentInputRow } from "./segments";
import { HOURLY_SEGMENT_VALUES, MISSING_VALUE, NO_VERSION, OTHER_VALUE } from "./segment-types";

const model = { task: "binary" as const, positiveClass: "spam" };

describe("segmentValueOf", () => {
  it("gives categories as text, numbers their bin (c_i ≤ v < c_i+1), and missing or other-typed values as (missing)", () => {
    const size = { name: "size", type: "numeric" as const, cuts: [10, 20.5] };
    expect(numericBinLabels(size.cuts)).toEqual(["< 10", "10 – 20.5", "≥ 20.5"]);
    expect([9.999, 10, 20.4, 20.5, 1e9].map((v) => segmentValueOf(size, v))).toEqual(["< 10", "10 – 20.5", "10 – 20.5", "≥ 20.5", "≥ 20.5"]);
    expect([null, undefined, "12", Number.NaN].map((v) => segmentValueOf(size, v))).toEqual([MISSING_VALUE, MISSING_VALUE, MISSING_VALUE, MISSING_VALUE]);
    const domain = { name: "domain", type: "categorical" as const };
    expect([true, 3, "a.example", null].map((v) => segmentValueOf(domain, v))).toEqual(["true", "3", "a.example", MISSING_VALUE]);
    expect(segmentValueOf({ name: "one", type: "numeric", cuts: [] }, 5)).toBe("all values");
  });

  it("keys a model's splits by feature and cuts, so a feature cut again is rebuilt", () => {
    expect(segmentsKey([])).toBe("version");
    expect(segmentsKey([{ name: "d", type: "categorical" }, { name: "s", type: "numeric", cuts: [1, 2] }])).toBe("version;feature:d;feature:s@1,2");
  });
});

describe("aggregateSegments", () => {
  it("keeps an hour's 50 largest values and adds the rest up as (other), every sum equal to the raw rows'", () => {
    const random = new Random(11);
    const rows: SegmentInputRow[] = Array.from({ length: 3000 }, () => {
      const score = random.next();
      const label = score >= 0.5 ? "spam" : "ham";
      return {
        score,
        label,
        value: null,
        actualLabel: random.chance(0.5) ? (random.chance(0.8) ? label : "ham") : null,
        actualValue: null,
        features: { domain: `d${Math.floor(80 * random.next() ** 2)}` },
        version: random.chance(0.1) ? null : `v${random.int(1, 3)}`,
      };
    });
    const out = aggregateSegments(model, rows, [{ name: "domain", type: "categorical" }]);
    const byDomain = out.filter((r) => r.segment === "feature:domain");
    expect(byDomain).toHaveLength(HOURLY_SEGMENT_VALUES + 1);
    expect(byDomain.at(-1)!.value).toBe(OTHER_VALUE);
    const kept = new Set(byDomain.slice(0, -1).map((r) => r.value));
    const sums = (own: SegmentInputRow[]) => ({
      volume: own.length,
      positiveCount: own.filter((r) => r.label === "spam").length,
      truthCount: own.filter((r) => r.actualLabel !== null).length,
      truthCorrect: own.filter((r) => r.actualLabel === r.label).length,
    });
    for (const r of byDomain) {
      const own = rows.filter((row) => (r.value === OTHER_VALUE ? !kept.has(row.features.domain as string) : row.features.domain === r.value));
      expect(r).toMatchObject(sums(own));
      expect(r.confidenceSum).toBeCloseTo(own.reduce((s, row) => s + Math.max(row.score!, 1 - row.score!), 0), 9);
    }
    // Every kept value has at least as many predictions as any value added to (other).
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.features.domain as string, (counts.get(row.features.domain as string) ?? 0) + 1);
    const smallestKept = Math.min(...[...kept].map((v) => counts.get(v)!));
    expect([...counts].filter(([v]) => !kept.has(v)).every(([, n]) => n <= smallestKept)).toBe(true);
    // By version, predictions without one as (none).
    const byVersion = out.filter((r) => r.segment === "version");
    for (const r of byVersion) expect(r).toMatchObject(sums(rows.filter((row) => (row.version ?? NO_VERSION) === r.value)));
  });
});
