import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Model } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions, recordGroundTruth } from "@/lib/services/ingest";
import { seededRandom } from "@/lib/stats/seeded-random";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { getModelMetrics, type ModelMetrics } from "./get-model-metrics";
import { getScrapeFigures } from "./get-scrape-figures";
import { forgetMergedSpans } from "./merged-spans-cache";
import { refreshRollups } from "./refresh-rollups";

// Whole days' merged distributions are kept per process (merged-spans-cache.ts). A read that finds
// them must give exactly what a read that merges them afresh gives, and any change to the rollups
// of those days (late ground truth, a new hour, a rebuilt row, a day marked dirty) must be seen by
// the very next read.

let t: TestDatabase;
let spam: Model;
const ctx = () => systemContext(t.db);
const START = Date.parse("2026-05-01T00:00:00Z");
// Edge hours at both ends and four whole days; the reference window has edge hours and two whole days.
const QUERY = { from: "2026-05-01T07:00:00Z", to: "2026-05-06T10:00:00Z", bucket: "hour" };
const SCRAPE = { from: new Date("2026-05-05T10:00:00Z"), to: new Date("2026-05-06T10:00:00Z") };

/** ~1,300 predictions over five and a half days, with thousands of distinct values (sketches compress). */
function history() {
  const next = seededRandom(7);
  return Array.from({ length: 1300 }, (_, i) => {
    const score = next();
    return {
      id: `p-${i}`,
      timestamp: new Date(START + i * 6 * 60_000 + Math.floor(next() * 300_000)).toISOString(),
      score,
      label: score >= 0.5 ? "spam" : "ham",
      features: { length: 50 + next() * 1000 + (i > 800 ? 200 : 0), ratio: next() * next(), domain: ["a.org", "b.org", "c.org"][Math.floor(next() * 3)]! },
      ...(i % 4 === 0 ? { actual: { label: next() < 0.7 ? "spam" : "ham" } } : {}),
    };
  });
}

const figures = (m: ModelMetrics) => ({ ...m, matureBefore: null });

/** The model's metrics and scrape figures read with whatever the cache holds, then afresh. */
async function warmAndCold() {
  const warm = { metrics: figures(await getModelMetrics(ctx(), "spam", QUERY)), scrape: await getScrapeFigures(ctx(), [spam], SCRAPE) };
  forgetMergedSpans();
  const cold = { metrics: figures(await getModelMetrics(ctx(), "spam", QUERY)), scrape: await getScrapeFigures(ctx(), [spam], SCRAPE) };
  return { warm, cold };
}

beforeAll(async () => {
  t = await createTestDatabase();
  spam = await createBinaryModel(t.db, "spam");
  await t.db.execute(sql`update models set reference_from = '2026-05-01T05:30:00Z', reference_to = '2026-05-03T14:00:00Z' where id = ${spam.id}::uuid`);
  spam = { ...spam, referenceFrom: new Date("2026-05-01T05:30:00Z"), referenceTo: new Date("2026-05-03T14:00:00Z") };
  const rows = history();
  for (let i = 0; i < rows.length; i += 500) await ingestPredictions(ctx(), { model: "spam", predictions: rows.slice(i, i + 500) });
  await refreshRollups(t.db);
});
afterAll(async () => t.drop());

describe("merged spans of rollups kept between reads", () => {
  it("give the same figures as merging them afresh", async () => {
    forgetMergedSpans();
    const { warm: first, cold } = await warmAndCold();
    const { warm: second } = await warmAndCold();
    expect(second).toEqual(first);
    expect(first).toEqual(cold);
    expect(first.metrics.drift.features.map((f) => f.name).sort()).toEqual(["domain", "length", "ratio"]);
    expect(first.metrics.drift.reference!.volume).toBeGreaterThan(400);
  });

  it("sees late ground truth on an hour of a whole day at the next read", async () => {
    await getModelMetrics(ctx(), "spam", QUERY);
    const before = await getModelMetrics(ctx(), "spam", QUERY);
    // p-481 and p-483 (2 May, about 00:00) had no ground truth.
    await recordGroundTruth(ctx(), { model: "spam", actuals: [{ id: "p-481", label: "spam" }, { id: "p-483", label: "ham" }] });
    await refreshRollups(t.db);
    const { warm, cold } = await warmAndCold();
    expect(warm).toEqual(cold);
    const truths = (m: { distributions: ModelMetrics["distributions"] }) => m.distributions.confusion!.counts.flat().reduce((a, b) => a + b, 0);
    expect(truths(warm.metrics)).toBe(truths(before) + 2);
  });

  it("sees a new hour in a whole day at the next read", async () => {
    const before = await getModelMetrics(ctx(), "spam", QUERY);
    await ingestPredictions(ctx(), { model: "spam", predictions: [{ id: "new-1", timestamp: "2026-05-04T03:17:00Z", score: 0.001, label: "ham", features: { length: 9999, ratio: 0.5, domain: "z.org" } }] });
    await refreshRollups(t.db);
    const { warm, cold } = await warmAndCold();
    expect(warm).toEqual(cold);
    expect(warm.metrics.distributions.score!.current[0]).toBe(before.distributions.score!.current[0]! + 1);
    expect(warm.metrics.drift.features.find((f) => f.name === "length")!.n).toBe(before.drift.features.find((f) => f.name === "length")!.n + 1);
  });

  it("sees late ground truth in the hours before the first whole day, and new hours after the last, at the next read", async () => {
    await getModelMetrics(ctx(), "spam", QUERY);
    const before = await getModelMetrics(ctx(), "spam", QUERY);
    const scrapeBefore = await getScrapeFigures(ctx(), [spam], SCRAPE);
    // p-101 (1 May, about 10:00) had no ground truth; 6 May 05:10 is in the hours after the last
    // whole day, 09:40 in the window's last hour.
    await recordGroundTruth(ctx(), { model: "spam", actuals: [{ id: "p-101", label: "spam" }] });
    const lowest = { score: 0.001, label: "ham", features: { length: 1, ratio: 0.5, domain: "z.org" } };
    await ingestPredictions(ctx(), { model: "spam", predictions: [{ id: "new-2", timestamp: "2026-05-06T05:10:00Z", ...lowest }, { id: "new-3", timestamp: "2026-05-06T09:40:00Z", ...lowest }] });
    await refreshRollups(t.db);
    const { warm, cold } = await warmAndCold();
    expect(warm).toEqual(cold);
    const truths = (m: { distributions: ModelMetrics["distributions"] }) => m.distributions.confusion!.counts.flat().reduce((a, b) => a + b, 0);
    expect(truths(warm.metrics)).toBe(truths(before) + 1);
    expect(warm.metrics.distributions.score!.current[0]).toBe(before.distributions.score!.current[0]! + 2);
    expect(warm.scrape[0]!.totals.volume).toBe(scrapeBefore[0]!.totals.volume + 2);
    expect(warm.scrape[0]!.drift.score!.n).toBe(scrapeBefore[0]!.drift.score!.n + 2);
  });

  it("sees a rebuilt daily rollup, and a day marked to be merged again, at the next read", async () => {
    const before = await getModelMetrics(ctx(), "spam", QUERY);
    // A rebuild that writes a different daily row (here: 1,000 more scores in the lowest bin).
    await t.db.execute(sql`update metric_rollups_daily set distributions = jsonb_set(distributions, '{score,0}', to_jsonb((distributions->'score'->>0)::int + 1000)) where model_id = ${spam.id}::uuid and day_start = '2026-05-03T00:00:00Z'`);
    const rebuilt = await warmAndCold();
    expect(rebuilt.warm).toEqual(rebuilt.cold);
    expect(rebuilt.warm.metrics.distributions.score!.current[0]).toBe(before.distributions.score!.current[0]! + 1000);
    // Marked dirty, the day is read from its hours again (which never had the 1,000).
    await t.db.execute(sql`insert into rollup_dirty_days (model_id, day_start) values (${spam.id}::uuid, '2026-05-03T00:00:00Z')`);
    const marked = await warmAndCold();
    expect(marked.warm).toEqual(marked.cold);
    // (Sketches merged hour by hour rather than day by day may differ in the last bit: counts only.)
    const counts = (m: Pick<ModelMetrics, "distributions" | "drift">) => [m.distributions, m.drift.reference, m.drift.features.map((f) => f.n)];
    expect(counts(marked.warm.metrics)).toEqual(counts(before));
    await refreshRollups(t.db);
    expect(counts((await warmAndCold()).warm.metrics)).toEqual(counts(before));
  });
});
