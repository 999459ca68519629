import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { modelPipelines, retrainRuns } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { startScheduledRuns } from "./start-scheduled-runs";

let t: TestDatabase;
let modelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  modelId = (await createBinaryModel(t.db, "nightly")).id;
  // Saved on Sunday; "every day at 03:00 UTC".
  await t.db.insert(modelPipelines).values({ modelId, trainer: "built-in", schedule: "0 3 * * *", updatedAt: new Date("2026-11-22T12:00:00Z") });
});
afterAll(async () => t.drop());

const runs = () => t.db.select().from(retrainRuns).where(eq(retrainRuns.modelId, modelId));

describe("scheduled retrains", () => {
  it("start one run per cron tick, whichever worker looks, and none before the first tick after saving", async () => {
    expect(await startScheduledRuns(t.db, new Date("2026-11-22T20:00:00Z"))).toBe(0);
    expect(await startScheduledRuns(t.db, new Date("2026-11-23T03:00:30Z"))).toBe(1);
    // Two workers checking the same minute: the tick is claimed once.
    const again = await Promise.all([startScheduledRuns(t.db, new Date("2026-11-23T03:00:45Z")), startScheduledRuns(t.db, new Date("2026-11-23T03:00:50Z"))]);
    expect(again).toEqual([0, 0]);
    expect(await runs()).toMatchObject([{ trigger: "schedule", status: "queued", requestedByLabel: "schedule" }]);
    // The next day's tick while the first run is still queued starts nothing new (one active run).
    await startScheduledRuns(t.db, new Date("2026-11-24T03:00:10Z"));
    expect(await runs()).toHaveLength(1);
  });
});
