import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { metricRollups, modelPipelines, rollupDirtyBuckets, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { enableRollupRefreshAfterWrites } from "@/lib/services/metrics";
import { startRetrainRun, runBuiltInTraining } from "@/lib/services/runs";
import { predictRoute } from "@/lib/api/routes/serving";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { syntheticExamples } from "@/test/training";
import { ingestPredictions } from "./ingest-predictions";
import { recordGroundTruth } from "./record-ground-truth";

// Issue #17 item 3: a server process brings rollups up to date a moment after any write that
// changes them, whichever path stored it: the ingest endpoints, the serving endpoint, ground truth.
// Nothing here calls refreshRollups and no job queue runs; only the nudge can fill the rollups.

let t: TestDatabase;
let servedModelId: string;
let ingestedModelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  servedModelId = (await createBinaryModel(t.db, "served")).id;
  ingestedModelId = (await createBinaryModel(t.db, "ingested")).id;
  await t.db.insert(modelPipelines).values({ modelId: servedModelId, trainer: "built-in", deployPolicy: "auto", autoMargin: 0, autoMinN: 1 });
  await t.db.insert(trainingExamples).values(syntheticExamples(servedModelId, 200));
  const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "served" });
  expect((await runBuiltInTraining(t.db, run.id, { epochs: 2 })).outcome).toBe("succeeded");
  // As lib/server-startup.ts does in a server process.
  enableRollupRefreshAfterWrites({ delayMs: 20 });
}, 120_000);
afterAll(async () => t.drop());

const rolledUp = async (modelId: string) => {
  const [row] = await t.db
    .select({ volume: sql<number>`coalesce(sum(${metricRollups.volume}), 0)::int`, truth: sql<number>`coalesce(sum(${metricRollups.truthCount}), 0)::int` })
    .from(metricRollups)
    .where(eq(metricRollups.modelId, modelId));
  return { volume: row!.volume, truth: row!.truth };
};
const dirtyHours = (modelId: string) => t.db.$count(rollupDirtyBuckets, eq(rollupDirtyBuckets.modelId, modelId));

describe("rollups after a write, with no job queue", () => {
  it("count predictions stored by the serving endpoint", async () => {
    const key = await createKey(t.db, ["ingest"]);
    const route = predictRoute({ db: () => t.db });
    const answer = await call((request) => route(request, { params: Promise.resolve({ model: "served" }) }), {
      key,
      body: { inputs: [{ id: "s-1", text: "winner prize cheap offer click" }, { id: "s-2", text: "meeting notes" }, { id: "s-3", text: "lunch?" }] },
    });
    expect(answer.status).toBe(200);
    await expect.poll(() => rolledUp(servedModelId), { timeout: 10_000 }).toEqual({ volume: 3, truth: 0 });
    expect(await dirtyHours(servedModelId)).toBe(0);
  });

  it("count predictions stored through the ingest service, and the ground truth recorded later", async () => {
    const ctx = systemContext(t.db, "test");
    const at = new Date(Date.now() - 3 * 3600_000).toISOString();
    const predictions = Array.from({ length: 4 }, (_, i) => ({ id: `i-${i}`, timestamp: at, score: 0.8, label: "spam", features: { length: i } }));
    expect((await ingestPredictions(ctx, { model: "ingested", predictions })).accepted).toBe(4);
    await expect.poll(() => rolledUp(ingestedModelId), { timeout: 10_000 }).toEqual({ volume: 4, truth: 0 });

    expect((await recordGroundTruth(ctx, { model: "ingested", actuals: [{ id: "i-0", label: "spam" }, { id: "i-1", label: "ham" }] })).matched).toBe(2);
    await expect.poll(() => rolledUp(ingestedModelId), { timeout: 10_000 }).toEqual({ volume: 4, truth: 2 });
    expect(await dirtyHours(ingestedModelId)).toBe(0);
  });
});
