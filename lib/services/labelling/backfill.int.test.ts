import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, labellingDailyCounts, labellingItems } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { samplingDraw } from "@/lib/labelling/sampling";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { setSamplingPolicy } from "./set-sampling-policy";
import { startBackfill } from "./start-backfill";
import { addGoldItem } from "./add-gold-item";
import { runBackfills } from "./run-backfills";
import { getSamplingPolicy } from "./get-sampling-policy";
import { pruneLabellingDailyCounts } from "./prune-daily-counts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const policy = (rate: number, overlapShare = 0) => ({ slug: "past", rate, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10, overlapShare });

describe("backfill", () => {
  it("samples a past range under the current policy, in chunks that resume, once", async () => {
    const model = await createBinaryModel(t.db, "past");
    // 120 predictions on 2 March and 30 on 5 March, none sampled at ingest but for a 10% policy on the first 40.
    await setSamplingPolicy(systemContext(t.db), policy(0.1));
    const at = (day: number, i: number) => new Date(Date.UTC(2026, 2, day, 8, 0, i)).toISOString();
    const rows = (from: number, to: number, day: number) => Array.from({ length: to - from }, (_, k) => ({ id: `p-${from + k}`, timestamp: at(day, from + k), score: 0.8, label: "spam", features: {} }));
    await ingestPredictions(systemContext(t.db), { model: "past", predictions: rows(0, 40, 2) });
    await setSamplingPolicy(systemContext(t.db), policy(0));
    await ingestPredictions(systemContext(t.db), { model: "past", predictions: [...rows(40, 120, 2), ...rows(120, 150, 5)] });
    const ingested = await t.db.select().from(labellingItems).where(eq(labellingItems.modelId, model.id));
    expect(ingested.length).toBe(Array.from({ length: 40 }, (_, i) => samplingDraw(model.id, `p-${i}`)).filter((d) => d < 0.1).length);

    // Now 40%, a quarter of it labelled twice; backfill 2 March only.
    await setSamplingPolicy(systemContext(t.db), policy(0.4, 0.25));
    const approver = await actingAs(t.db, "approver");
    await expect(startBackfill(await actingAs(t.db, "annotator"), { slug: "past", from: "2026-03-02", to: "2026-03-02" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(startBackfill(approver, { slug: "past", from: "2026-03-03", to: "2026-03-02" })).rejects.toMatchObject({ code: "invalid_input" });
    const started = await startBackfill(approver, { slug: "past", from: "2026-03-02", to: "2026-03-02" });
    expect(started).toMatchObject({ status: "running", total: 120, processed: 0, from: "2026-03-02T00:00:00.000Z", to: "2026-03-03T00:00:00.000Z" });
    await expect(startBackfill(approver, { slug: "past", from: "2026-03-01", to: "2026-03-02" })).rejects.toMatchObject({ code: "conflict" });
    expect(await t.db.$count(auditLog, and(eq(auditLog.action, "labelling.backfill_started"), eq(auditLog.targetId, started.id)))).toBe(1);

    // One chunk of 50, as if the worker then died: the progress is stored; the next run goes on from there.
    expect(await runBackfills(t.db, { chunk: 50, maxChunks: 1 })).toBe(1);
    expect((await getSamplingPolicy(approver, "past")).backfill).toMatchObject({ status: "running", processed: 50, total: 120 });
    expect(await runBackfills(t.db, { chunk: 50 })).toBe(2);
    const done = (await getSamplingPolicy(approver, "past")).backfill!;
    expect(done).toMatchObject({ status: "done", processed: 120 });
    expect(done.finishedAt).not.toBeNull();

    // Exactly the 2 March predictions whose draw is below 0.4 (or 0.1 before), each once; 5 March untouched.
    const draws = new Map(Array.from({ length: 150 }, (_, i) => [`p-${i}`, samplingDraw(model.id, `p-${i}`)]));
    const expected = [...draws].filter(([id, d]) => Number(id.slice(2)) < 120 && d < 0.4).map(([id]) => id).sort();
    const items = await t.db.execute<{ id: number; external_id: string; inclusion_probability: number; labels_needed: number }>(
      `select i.id::int, p.external_id, i.inclusion_probability, i.labels_needed from labelling_items i join predictions p on p.id = i.id where i.model_id = '${model.id}'`);
    expect(items.map((i) => i.external_id).sort()).toEqual(expected);
    expect(done.sampled).toBe(expected.length - ingested.length);
    // Every item in the range is now in the sample at 0.4 (the same draw under the larger rate).
    expect(items.every((i) => i.inclusion_probability === 0.4)).toBe(true);
    // A new item is labelled twice when its draw is below 0.4 × 0.25 = 0.1; those from ingest keep theirs.
    const fromIngest = new Set(ingested.map((i) => i.id));
    for (const item of items) {
      const twice = !fromIngest.has(item.id) && draws.get(item.external_id)! < 0.1;
      expect(item.labels_needed).toBe(twice ? 2 : 1);
    }

    // Again: nothing new.
    await startBackfill(approver, { slug: "past", from: "2026-03-02", to: "2026-03-02" });
    await runBackfills(t.db, {});
    expect((await getSamplingPolicy(approver, "past")).backfill).toMatchObject({ status: "done", processed: 120, sampled: 0 });
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, model.id))).toBe(expected.length);
  });

  it("counts only live samples against the daily cap: today's backfilled and gold items leave the live places", async () => {
    const model = await createBinaryModel(t.db, "capped-live");
    const settings = (rate: number, dailyCap: number | null) => ({ ...policy(rate), slug: model.slug, dailyCap });
    const rows = (prefix: string, n: number, at: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, timestamp: at, score: 0.8, label: "spam", features: {} }));
    // 60 past predictions, none sampled live; today an admin adds a gold item and backfills the rest.
    await setSamplingPolicy(systemContext(t.db), settings(0, null));
    await ingestPredictions(systemContext(t.db), { model: model.slug, predictions: rows("old", 60, "2026-03-10T08:00:00Z") });
    const admin = await actingAs(t.db, "admin");
    await addGoldItem(admin, { slug: model.slug, predictionId: "old-0", label: "spam" });
    await setSamplingPolicy(systemContext(t.db), settings(1, null));
    await startBackfill(admin, { slug: model.slug, from: "2026-03-10", to: "2026-03-10" });
    await runBackfills(t.db, { chunk: 100 });
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, model.id))).toBe(60);

    // A cap of 10 set now: live traffic still gets its 10 places today.
    await setSamplingPolicy(systemContext(t.db), settings(1, 10));
    await ingestPredictions(systemContext(t.db), { model: model.slug, predictions: rows("live", 30, new Date().toISOString()) });
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, model.id))).toBe(70);
  });

  it("prunes daily counters of past days", async () => {
    const model = await createBinaryModel(t.db, "counted");
    await t.db.insert(labellingDailyCounts).values([
      { modelId: model.id, day: "2026-03-01", items: 5, cap: 10 },
      { modelId: model.id, day: "2026-03-04", items: 5, cap: 10 },
    ]);
    expect(await pruneLabellingDailyCounts(t.db, new Date("2026-03-03T12:00:00Z"))).toBe(1);
    expect((await t.db.select().from(labellingDailyCounts).where(eq(labellingDailyCounts.modelId, model.id))).map((r) => r.day)).toEqual(["2026-03-04"]);
  });
});
