import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { metricRollups } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions, recordGroundTruth } from "@/lib/services/ingest";
import { refreshRollups } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";

// A batch that commits while the rollup of its hour is being recomputed must still be counted
// (found by `npm run bench:load`: the metrics API counted 147,998 of 148,000 stored rows). The
// batch's statement runs in a transaction held open here while refreshRollups() runs, which is
// exactly what concurrent ingest and the rollup job do, only slowed down to one certain order.

let t: TestDatabase;
let modelId: string;
const HOUR = "2026-11-20T10:00:00.000Z";

beforeAll(async () => {
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "spam-filter")).id;
});
afterAll(async () => t.drop());

const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, timestamp: "2026-11-20T10:30:00Z", score: 0.9, label: "spam" }));
const rollupOfHour = async () => (await t.db.select().from(metricRollups).where(and(eq(metricRollups.modelId, modelId), eq(metricRollups.bucketStart, new Date(HOUR)))))[0];

/** Runs `write` in a transaction that stays open until `during` has finished, then commits. */
async function heldOpen(write: (ctx: ReturnType<typeof systemContext>) => Promise<unknown>, during: () => Promise<unknown>) {
  let written!: () => void;
  const ready = new Promise<void>((resolve) => (written = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const transaction = t.db.transaction(async (tx) => {
    await write(systemContext(tx as unknown as Database, "test"));
    written();
    await released;
  });
  await ready;
  await during();
  release();
  await transaction;
}

it("counts predictions whose batch commits while their hour's rollup is recomputed", async () => {
  await ingestPredictions(systemContext(t.db), { model: "spam-filter", predictions: rows("a", 5) });
  // Batch b is written (its hour marked dirty again) but not committed while the rollup runs.
  await heldOpen((ctx) => ingestPredictions(ctx, { model: "spam-filter", predictions: rows("b", 3) }), () => refreshRollups(t.db));
  await refreshRollups(t.db);
  expect(await rollupOfHour()).toMatchObject({ volume: 8 });
});

it("counts ground truth that commits while its hour's rollup is recomputed", async () => {
  await refreshRollups(t.db);
  expect(await rollupOfHour()).toMatchObject({ volume: 8, truthCount: 0 });
  // Some late truth marks the hour; more truth arrives, uncommitted, while the rollup runs.
  await recordGroundTruth(systemContext(t.db), { model: "spam-filter", actuals: [{ id: "a-0", label: "spam" }] });
  await heldOpen((ctx) => recordGroundTruth(ctx, { model: "spam-filter", actuals: [{ id: "a-1", label: "ham" }, { id: "b-0", label: "spam" }] }), () => refreshRollups(t.db));
  await refreshRollups(t.db);
  expect(await rollupOfHour()).toMatchObject({ volume: 8, truthCount: 3, truthCorrect: 2 });
});
