import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { getModelMetrics, refreshRollups } from "@/lib/services/metrics";
import { Random } from "@/lib/simulation/random";
import { MISSING_VALUE, OTHER_VALUE, TOP_SEGMENT_VALUES } from "@/lib/metrics/segment-types";
import { numericBinLabels } from "@/lib/metrics/segments";
import { cdfOf, sketchDecileCuts, sketchOf } from "@/lib/stats/quantile-sketch";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { actingAs } from "@/test/actors";
import { expectPoint, type Raw } from "@/test/split-figures";
import { setSegmentFeatures } from "./set-segment-features";
import { getModelSettings } from "./get-model-settings";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);
const HOUR = 3600_000;

type Row = Raw & { domain?: string | null; size?: number };

/** Sender domains (a few, or more than the 20 a split keeps), some missing; sizes with ties at a large offset. */
function dataSet(seed: number): { rows: Row[]; start: number } {
  const random = new Random(seed);
  const start = Date.UTC(2000 + random.int(0, 25), random.int(0, 11), 1 + random.int(0, 27), random.int(0, 23));
  const domains = Array.from({ length: random.int(2, 30) }, (_, i) => `d${i}.example`);
  const offset = random.chance(0.5) ? 1e9 : 0;
  const rows = Array.from({ length: random.int(40, 400) }, (_, i): Row => {
    const score = Math.round(random.next() * 20) / 20;
    const label = score >= 0.5 ? "spam" : "ham";
    return {
      id: `r${i}`,
      at: start + Math.floor(random.next() * random.int(1, 48) * HOUR),
      score,
      label,
      actual: random.chance(0.7) ? (random.chance(0.8) ? label : label === "spam" ? "ham" : "spam") : undefined,
      value: 0,
      domain: random.chance(0.1) ? (random.chance(0.5) ? null : undefined) : domains[Math.floor(domains.length * random.next() ** 2)],
      size: offset + Math.round(random.normal(500, 200) / 10) * 10,
    };
  });
  return { rows, start };
}

async function load(slug: string, rows: Row[]) {
  const predictions = rows.map((r) => ({
    id: r.id,
    timestamp: new Date(r.at).toISOString(),
    score: r.score,
    label: r.label,
    features: { size: r.size, ...(r.domain !== undefined ? { domain: r.domain } : {}) },
    ...(r.actual ? { actual: { label: r.actual } } : {}),
  }));
  await ingestPredictions(ctx(), { model: slug, predictions });
  await refreshRollups(t.db);
}

/** The expected split of raw rows by `valueOf`: the 20 largest values (ties by name), the rest as "(other)". */
function expectedSplit(rows: Row[], valueOf: (r: Row) => string): Map<string, Row[]> {
  const byValue = new Map<string, Row[]>();
  for (const r of rows) byValue.set(valueOf(r), [...(byValue.get(valueOf(r)) ?? []), r]);
  const ranked = [...byValue].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const kept = new Map(ranked.slice(0, TOP_SEGMENT_VALUES));
  const rest = ranked.slice(TOP_SEGMENT_VALUES).flatMap(([, r]) => r);
  if (rest.length) kept.set(OTHER_VALUE, rest);
  return kept;
}

describe("segment features", () => {
  it("split every figure by a categorical feature's values and a numeric feature's reference quintiles, as raw rows give them, on 10 seeded data sets", async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const slug = `segments-${seed}`;
      await createBinaryModel(t.db, slug);
      const { rows, start } = dataSet(seed);
      await load(slug, rows);

      const { model, rebuilding } = await setSegmentFeatures(ctx(), { slug, segmentFeatures: ["domain", "size"] });
      // Every hour holding a prediction waits to be rebuilt, as the settings page's bar shows it.
      const hours = new Set(rows.map((r) => Math.floor(r.at / HOUR))).size;
      expect(rebuilding).toEqual({ done: 0, total: hours });
      expect((await getModelSettings(ctx(), slug)).segmentsRebuilding).toEqual({ done: 0, total: hours });
      // The reference window (the first 7 days) holds every row: its quintiles of size, from raw values.
      const cuts = sketchDecileCuts(cdfOf(sketchOf(rows.map((r) => r.size!))!), 5);
      expect(model.segmentFeatures).toEqual([{ name: "domain", type: "categorical" }, { name: "size", type: "numeric", cuts }]);

      const range = { from: new Date(start).toISOString(), to: new Date(start + 48 * HOUR).toISOString(), bucket: "hour" as const };
      const pending = await getModelMetrics(ctx(), slug, { ...range, segment: "feature:domain" });
      expect(pending.segmentsRebuilding).toMatchObject({ done: 0 });
      await refreshRollups(t.db);
      expect((await getModelSettings(ctx(), slug)).segmentsRebuilding).toBeNull();

      const bin = (v: number) => numericBinLabels(cuts)[cuts.filter((c) => v >= c).length]!;
      for (const [segment, valueOf] of [
        ["feature:domain", (r: Row) => (r.domain == null ? MISSING_VALUE : r.domain)],
        ["feature:size", (r: Row) => bin(r.size!)],
      ] as const) {
        const m = await getModelMetrics(ctx(), slug, { ...range, segment });
        expect(m.segmentsRebuilding).toBeNull();
        const expected = expectedSplit(rows, valueOf);
        expect(m.segments!.map((s) => s.value).sort()).toEqual([...expected.keys()].sort());
        for (const s of m.segments!) {
          const own = expected.get(s.value)!;
          expectPoint(s.totals, own, "binary");
          for (const point of s.series) expectPoint(point, own.filter((r) => Math.floor(r.at / HOUR) * HOUR === new Date(point.start).getTime()), "binary");
        }
        expect(m.segments!.at(-1)!.value === OTHER_VALUE).toBe(expected.has(OTHER_VALUE));
      }
    }
  }, 180_000);

  it("refuses a feature the reference never saw, more than 5, a name twice, and people who may not manage models", async () => {
    const slug = "segments-1";
    const refusal = (segmentFeatures: unknown) => setSegmentFeatures(ctx(), { slug, segmentFeatures });
    await expect(refusal(["nope"])).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { segmentFeatures: [expect.stringContaining("nope")] } });
    await expect(refusal(["a", "b", "c", "d", "e", "f"])).rejects.toMatchObject({ code: "invalid_input" });
    await expect(refusal(["domain", "domain"])).rejects.toMatchObject({ code: "invalid_input" });
    await expect(refusal("domain")).rejects.toMatchObject({ code: "invalid_input" });
    const viewer = await actingAs(t.db, "viewer");
    await expect(setSegmentFeatures(viewer, { slug, segmentFeatures: [] })).rejects.toMatchObject({ code: "forbidden" });
    // Removing every segment feature leaves the split by version.
    expect((await refusal([])).model.segmentFeatures).toEqual([]);
    await expect(getModelMetrics(ctx(), slug, { segment: "feature:domain" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
