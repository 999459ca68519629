import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { metricRollups, metricRollupsDaily, models, predictions, rollupDirtyDays } from "@/lib/db/schema";
import type { Model } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions, recordGroundTruth } from "@/lib/services/ingest";
import { aggregateBucket, emptyDistributions, mergeDay } from "@/lib/metrics/aggregate-bucket";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { getModelHealth } from "./get-model-health";
import { getModelMetrics } from "./get-model-metrics";
import { refreshRollups } from "./refresh-rollups";

let t: TestDatabase;
let spam: Model;
beforeAll(async () => {
  t = await createTestDatabase();
  spam = await createBinaryModel(t.db, "spam");
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);
const DAY_MS = 86_400_000;
const DOMAINS = ["a.org", "b.org", "c.org"];

/** `count` predictions from `start`, one every `stepMinutes`, with whole-number features (exact sums). */
function predictionsFrom(prefix: string, start: string, count: number, stepMinutes: number) {
  return Array.from({ length: count }, (_, i) => {
    const score = ((i * 37) % 100) / 100;
    return {
      id: `${prefix}-${i}`,
      timestamp: new Date(new Date(start).getTime() + i * stepMinutes * 60_000).toISOString(),
      score,
      label: score >= 0.5 ? "spam" : "ham",
      features: { length: 100 + ((i * 13) % 900), links: i % 7, domain: DOMAINS[i % 3]!, attached: i % 4 === 0 },
      ...(i % 5 === 0 ? { actual: { label: i % 10 === 0 ? "spam" : "ham" } } : {}),
    };
  });
}

async function dailyRow(day: string) {
  const [row] = await t.db
    .select()
    .from(metricRollupsDaily)
    .where(and(eq(metricRollupsDaily.modelId, spam.id), eq(metricRollupsDaily.dayStart, new Date(day))));
  return row;
}

/** The day's hourly rollups as they are stored now, merged the plain way. */
async function mergedHours(day: string) {
  const start = new Date(day);
  const hours = await t.db
    .select({ volume: metricRollups.volume, distributions: metricRollups.distributions })
    .from(metricRollups)
    .where(and(eq(metricRollups.modelId, spam.id), gte(metricRollups.bucketStart, start), lt(metricRollups.bucketStart, new Date(start.getTime() + DAY_MS))))
    .orderBy(asc(metricRollups.bucketStart));
  return mergeDay(hours);
}

/** The day computed straight from its raw predictions, in one bucket. */
async function fromRawRows(day: string) {
  const start = new Date(day);
  const rows = await t.db
    .select({ score: predictions.score, label: predictions.label, value: predictions.value, actualLabel: predictions.actualLabel, actualValue: predictions.actualValue, features: predictions.features })
    .from(predictions)
    .where(and(eq(predictions.modelId, spam.id), gte(predictions.predictedAt, start), lt(predictions.predictedAt, new Date(start.getTime() + DAY_MS))));
  return aggregateBucket(spam, rows);
}

describe("daily rollups", () => {
  it("equal the merge of the day's hours, and the raw rows of the day", async () => {
    // 2026-04-01 10:00 to 2026-04-02 ~23:00, every 7 minutes: two days, 36 hours, 320 predictions.
    await ingestPredictions(ctx(), { model: "spam", predictions: predictionsFrom("d", "2026-04-01T10:00:00Z", 320, 7) });
    expect(await refreshRollups(t.db)).toBeGreaterThan(0);
    expect(await t.db.select().from(rollupDirtyDays)).toEqual([]);

    for (const day of ["2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"]) {
      const stored = await dailyRow(day);
      const hours = await mergedHours(day);
      expect(stored).toMatchObject({ hours: hours.hours, volume: hours.volume, mixedTypes: false });
      expect(stored!.distributions).toEqual(hours.distributions);
      const raw = await fromRawRows(day);
      expect(stored!.volume).toBe(raw.volume);
      expect(stored!.distributions).toEqual(raw.distributions);
    }
    expect((await dailyRow("2026-04-01T00:00:00Z"))!.hours).toBe(14);
  });

  it("takes late ground truth and new predictions into the day", async () => {
    const before = await dailyRow("2026-04-01T00:00:00Z");
    // d-1 and d-3 (10:07 and 10:21) had no ground truth yet.
    await recordGroundTruth(ctx(), { model: "spam", actuals: [{ id: "d-1", label: "spam" }, { id: "d-3", label: "ham" }] });
    await ingestPredictions(ctx(), { model: "spam", predictions: [{ id: "late-1", timestamp: "2026-04-01T03:30:00Z", score: 0.95, label: "spam", features: { length: 5, links: 0, domain: "z.org", attached: true } }] });
    await refreshRollups(t.db);

    const after = await dailyRow("2026-04-01T00:00:00Z");
    expect(after!.volume).toBe(before!.volume + 1);
    expect(after!.hours).toBe(before!.hours + 1);
    const confusion = (d: typeof after) => Object.values(d!.distributions.confusion).reduce((a, b) => a + b, 0);
    expect(confusion(after)).toBe(confusion(before) + 2);
    expect(after!.distributions).toEqual((await fromRawRows("2026-04-01T00:00:00Z")).distributions);
    expect((after!.distributions.features.domain as { counts: Record<string, number> }).counts["z.org"]).toBe(1);
  });

  it("gives a read the same figures as merging every hour", async () => {
    const queries = [
      { from: "2026-04-01T05:00:00Z", to: "2026-04-03T00:00:00Z", bucket: "hour" },
      { from: "2026-04-01T00:00:00Z", to: "2026-04-03T00:00:00Z", bucket: "day" },
      { from: "2026-04-01T10:17:00Z", to: "2026-04-02T21:45:00Z", bucket: "hour" },
      { from: "2026-04-02T00:00:00Z", to: "2026-04-02T06:00:00Z", bucket: "hour" },
      { from: "2026-03-30T00:00:00Z", to: "2026-04-05T00:00:00Z", bucket: "day" },
    ];
    // Reference windows: part of a day and a whole one; whole days only; none (the first 7 days).
    const references = [
      ["2026-04-01T10:30:00Z", "2026-04-03T00:00:00Z"],
      ["2026-04-02T00:00:00Z", "2026-04-03T00:00:00Z"],
      [null, null],
    ] as const;
    for (const [referenceFrom, referenceTo] of references) {
      await t.db.execute(sql`update models set reference_from = ${referenceFrom}, reference_to = ${referenceTo} where id = ${spam.id}::uuid`);
      await refreshRollups(t.db);
      expect((await t.db.select().from(metricRollupsDaily)).length).toBe(2);
      const withDays = await Promise.all(queries.map((q) => getModelMetrics(ctx(), "spam", q)));
      // Without daily rows a read merges the hours of those days.
      await t.db.delete(metricRollupsDaily);
      const fromHours = await Promise.all(queries.map((q) => getModelMetrics(ctx(), "spam", q)));
      fromHours.forEach((m, i) => expect({ ...m, matureBefore: withDays[i]!.matureBefore }).toEqual(withDays[i]));
      // And back, as the job would after the migration that introduced them.
      await t.db.insert(rollupDirtyDays).values(["2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"].map((d) => ({ modelId: spam.id, dayStart: new Date(d) })));
    }
    await refreshRollups(t.db);
    const [m] = await Promise.all([getModelMetrics(ctx(), "spam", queries[0])]);
    expect(m!.totals.volume).toBe(320);
    expect(m!.drift.features.map((f) => f.name).sort()).toEqual(["attached", "domain", "length", "links"]);
    await t.db.execute(sql`update models set reference_from = '2026-04-01T10:30:00Z', reference_to = '2026-04-03T00:00:00Z' where id = ${spam.id}::uuid`);
    // From 10:30: the hour of 10:00 starts before the window, so its 9 predictions are not in it.
    expect((await getModelMetrics(ctx(), "spam", queries[0])).drift.reference).toMatchObject({ from: "2026-04-01T10:30:00.000Z", volume: 311 });
    await t.db.delete(metricRollupsDaily);
  });

  it("is not read while marked for merging again, and is merged again by the next refresh", async () => {
    const day = new Date("2026-04-02T00:00:00Z");
    const query = { from: "2026-04-02T00:00:00Z", to: "2026-04-03T00:00:00Z", bucket: "day" };
    // A stale daily row, as if one of its hours had changed since.
    const empty = emptyDistributions();
    await t.db.insert(metricRollupsDaily).values({ modelId: spam.id, dayStart: day, hours: 1, volume: 999, distributions: empty });
    await t.db.insert(rollupDirtyDays).values({ modelId: spam.id, dayStart: day });
    // While the day is being marked (its row locked), a read neither merges it nor uses it.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from rollup_dirty_days where model_id = ${spam.id}::uuid for update`);
      const m = await getModelMetrics(ctx(), "spam", query);
      expect(m.series[0]!.volume).toBe(200);
      expect(m.distributions.score!.current.reduce((a, b) => a + b, 0)).toBe(200);
    });
    expect(await dailyRow("2026-04-02T00:00:00Z")).toMatchObject({ volume: 999 });
    // The next refresh merges it again.
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "spam", query);
    expect(m.distributions.score!.current.reduce((a, b) => a + b, 0)).toBe(200);
    expect(await dailyRow("2026-04-02T00:00:00Z")).toMatchObject({ volume: 200, hours: 24 });
    expect(await t.db.select().from(rollupDirtyDays)).toEqual([]);
  });

  it("flags a day whose feature changes type, and reads its hours instead", async () => {
    await ingestPredictions(ctx(), {
      model: "spam",
      predictions: [
        { id: "m-0", timestamp: "2026-04-09T05:00:00Z", score: 0.2, label: "ham", features: { code: "x10" } },
        { id: "m-1", timestamp: "2026-04-10T01:00:00Z", score: 0.2, label: "ham", features: { code: 12 } },
        { id: "m-2", timestamp: "2026-04-10T02:00:00Z", score: 0.2, label: "ham", features: { code: "x12" } },
        { id: "m-3", timestamp: "2026-04-11T02:00:00Z", score: 0.2, label: "ham", features: { code: 14 } },
      ],
    });
    await refreshRollups(t.db);
    expect(await dailyRow("2026-04-10T00:00:00Z")).toMatchObject({ mixedTypes: true, hours: 2 });
    const query = { from: "2026-04-09T00:00:00Z", to: "2026-04-12T00:00:00Z", bucket: "day" };
    const withDays = await getModelMetrics(ctx(), "spam", query);
    await t.db.delete(metricRollupsDaily);
    const fromHours = await getModelMetrics(ctx(), "spam", query);
    expect({ ...fromHours, matureBefore: withDays.matureBefore }).toEqual(withDays);
    // The range met `code` as a category first (04-09), so it counts the categories of every hour,
    // the one of 04-10 included; merging 04-10 as a day (numbers first) would have lost it.
    expect(withDays.drift.features.find((f) => f.name === "code")).toMatchObject({ type: "categorical", n: 2 });
  });

  it("stays equal to its hours when ingest, late truth and refreshes run at once", async () => {
    const batches = Array.from({ length: 6 }, (_, b) => predictionsFrom(`c${b}`, `2026-05-0${1 + (b % 3)}T00:00:00Z`, 120, 11 + b));
    const truth = batches.flat().filter((_, i) => i % 9 === 0).map((p) => ({ id: p.id, label: "spam" }));
    await Promise.all([
      ...batches.map((predictions) => ingestPredictions(ctx(), { model: "spam", predictions })),
      refreshRollups(t.db),
      refreshRollups(t.db, { modelId: spam.id, maxBuckets: 10 }),
      refreshRollups(t.db, { batch: 3 }),
    ]);
    await Promise.all([recordGroundTruth(ctx(), { model: "spam", actuals: truth }), refreshRollups(t.db), refreshRollups(t.db, { batch: 2 })]);
    await refreshRollups(t.db);
    for (const day of ["2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z", "2026-05-03T00:00:00Z"]) {
      const stored = await dailyRow(day);
      const hours = await mergedHours(day);
      expect(stored).toMatchObject({ hours: hours.hours, volume: hours.volume });
      expect(stored!.distributions).toEqual(hours.distributions);
    }
  });

  it("gives the overview's health the same from a model row as from its slug", async () => {
    const now = new Date("2026-05-04T12:00:00Z");
    const [row] = await t.db.select().from(models).where(eq(models.slug, "spam"));
    const fromSlug = await getModelHealth(ctx(), { slug: "spam", task: "binary" }, now);
    const fromRow = await getModelHealth(ctx(), row!, now);
    expect(fromRow).toEqual(fromSlug);
    expect(fromRow.sparkline.points.some((p) => p !== null)).toBe(true);
  });

  it("is backfilled after the migration that adds it: every day with hourly rollups is marked", async () => {
    await t.db.delete(metricRollupsDaily);
    const migration = fs.readFileSync(path.join(process.cwd(), "drizzle", "0005_metric_rollups_daily.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").at(-1)!;
    await t.db.execute(sql.raw(backfill));
    const marked = await t.db.select().from(rollupDirtyDays).where(eq(rollupDirtyDays.modelId, spam.id));
    const [counted] = await t.db.execute<{ days: number }>(sql`select count(distinct date_trunc('day', bucket_start, 'UTC'))::int as days from metric_rollups where model_id = ${spam.id}::uuid`);
    const days = counted!.days;
    expect(days).toBeGreaterThan(5);
    expect(marked.length).toBe(days);
    await refreshRollups(t.db);
    expect((await t.db.select().from(metricRollupsDaily)).length).toBe(days);
    expect(await t.db.select().from(rollupDirtyDays)).toEqual([]);
  });
});
