import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { metricRollups } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { validatePredictionRows } from "@/lib/ingest/validate";
import { ingestPayload, ingestPredictions, insertPredictionPayload } from "@/lib/services/ingest";
import { findModelBySlug } from "@/lib/services/models";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { predictionsRoute } from "@/lib/api/routes/predictions";
import { enableRollupRefreshAfterWrites } from "./rollup-refresher";
import { refreshRollups } from "./refresh-rollups";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
});
afterAll(async () => t.drop());

const HOUR = new Date("2026-02-03T10:00:00Z");
const batch = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    timestamp: new Date(HOUR.getTime() + (i + 1) * 1000).toISOString(),
    score: 0.9,
    label: "spam",
    features: { length: 10 },
  }));

async function hourVolume(modelId: string) {
  const [row] = await t.db
    .select({ volume: metricRollups.volume })
    .from(metricRollups)
    .where(and(eq(metricRollups.modelId, modelId), eq(metricRollups.bucketStart, HOUR)));
  return row?.volume ?? 0;
}

describe("rollups under concurrent ingest", () => {
  it("a batch still uncommitted when a refresh takes its hour is counted by the next refresh", async () => {
    const ctx = systemContext(t.db);
    const model = await findModelBySlug(t.db, "spam");
    await ingestPredictions(ctx, { model: "spam", predictions: batch("first", 3) });

    // A second batch for the same hour stays open (its rows invisible to others) while a refresh
    // recomputes the hour from the first batch alone.
    const { rows } = validatePredictionRows(model, batch("second", 4));
    let stored!: () => void;
    let commit!: () => void;
    const storedSignal = new Promise<void>((resolve) => (stored = resolve));
    const commitSignal = new Promise<void>((resolve) => (commit = resolve));
    const open = t.db.transaction(async (tx) => {
      expect(await insertPredictionPayload(tx, model.id, ingestPayload(rows))).toBe(4);
      stored();
      await commitSignal;
    });
    await storedSignal;
    await refreshRollups(t.db);
    expect(await hourVolume(model.id)).toBe(3);

    commit();
    await open;
    // The second batch's own mark of the hour survived the first refresh.
    await refreshRollups(t.db);
    expect(await hourVolume(model.id)).toBe(7);
  });

  it("refreshes running at once leave the hour equal to its rows", async () => {
    const ctx = systemContext(t.db);
    const model = await findModelBySlug(t.db, "spam");
    const writes = Array.from({ length: 6 }, (_, i) => ingestPredictions(ctx, { model: "spam", predictions: batch(`wave-${i}`, 5) }));
    const refreshes = Array.from({ length: 4 }, () => refreshRollups(t.db, { batch: 1 }));
    await Promise.all([...writes, ...refreshes]);
    await refreshRollups(t.db);
    // 7 rows from the first test and 6 × 5 now.
    expect(await hourVolume(model.id)).toBe(37);
  });

  it("a refresh that must see the latest batch waits for another refresh holding the model's hours", async () => {
    const ctx = systemContext(t.db);
    const model = await findModelBySlug(t.db, "spam");
    const later = new Date(HOUR.getTime() + 5 * 3600_000);
    const predictions = batch("held", 6).map((p, i) => ({ ...p, timestamp: new Date(later.getTime() + (i + 1) * 1000).toISOString() }));
    await ingestPredictions(ctx, { model: "spam", predictions });

    // Another refresh (the nudge after a write, or the minute's job) has claimed the marks and not
    // committed: here it gives them back (rolls back) after a while, as a failed refresh would.
    let held!: () => void;
    let release!: () => void;
    const heldSignal = new Promise<void>((resolve) => (held = resolve));
    const releaseSignal = new Promise<void>((resolve) => (release = resolve));
    const other = t.db
      .transaction(async (tx) => {
        await tx.execute(sql`select 1 from rollup_dirty_buckets where model_id = ${model.id}::uuid for update`);
        held();
        await releaseSignal;
        throw new Error("rolled back");
      })
      .catch(() => {});
    await heldSignal;
    let settled = false;
    const waiting = refreshRollups(t.db, { modelId: model.id, waitForOthers: true }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    release();
    await other;
    expect(await waiting).toBe(1);
    const [row] = await t.db.select({ volume: metricRollups.volume }).from(metricRollups).where(and(eq(metricRollups.modelId, model.id), eq(metricRollups.bucketStart, later)));
    expect(row?.volume).toBe(6);
  });

  it("a backlog larger than a batch is recomputed by two lanes, every hour once and exactly", async () => {
    const ctx = systemContext(t.db);
    await createBinaryModel(t.db, "backlog");
    const model = await findModelBySlug(t.db, "backlog");
    const first = new Date("2026-03-01T00:00:00Z").getTime();
    const perHour = (h: number) => 1 + (h % 4);
    const predictions = Array.from({ length: 60 }, (_, h) =>
      Array.from({ length: perHour(h) }, (_, i) => ({ id: `b-${h}-${i}`, timestamp: new Date(first + h * 3600_000 + (i + 1) * 1000).toISOString(), score: 0.2, label: "ham", features: { length: h } })),
    ).flat();
    await ingestPredictions(ctx, { model: "backlog", predictions });

    // Two lanes of 4 never take more than the 10 hours asked for.
    expect(await refreshRollups(t.db, { modelId: model.id, batch: 4, maxBuckets: 10 })).toBe(10);
    expect(await refreshRollups(t.db, { modelId: model.id, batch: 7 })).toBe(50);
    const rows = await t.db.select({ start: metricRollups.bucketStart, volume: metricRollups.volume }).from(metricRollups).where(eq(metricRollups.modelId, model.id));
    expect(rows).toHaveLength(60);
    for (const row of rows) expect(row.volume).toBe(perHour((row.start.getTime() - first) / 3600_000));
    expect(await refreshRollups(t.db, { modelId: model.id, maxBuckets: 5 })).toBe(0);
  });

  it("brings an hour up to date soon after the predictions route stores a batch, once the server turns that on", async () => {
    const model = await findModelBySlug(t.db, "spam");
    const key = await createKey(t.db, ["ingest"]);
    enableRollupRefreshAfterWrites({ delayMs: 50 });
    const response = await call(predictionsRoute({ db: () => t.db }), { key, body: { model: "spam", predictions: batch("routed", 2) } });
    expect(response.status).toBe(200);
    await expect.poll(() => hourVolume(model.id), { timeout: 5_000 }).toBe(39);
  });
});
