import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { modelPipelines, trainingExamples } from "@/lib/db/schema";
import { setJobQueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { systemContext } from "@/lib/services/context";
import { startRetrainRun } from "@/lib/services/runs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { syntheticExamples } from "@/test/training";
import { startJobQueue } from ".";

// A web process started with VIGIL_IN_PROCESS_WORKER=false still queues the work it commits: its
// handle only sends, and `npm run worker` elsewhere runs the job. Nothing here works the queue.

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startJobQueue(t.url, { workers: false, poolSize: 1 });
}, 60_000);
afterAll(async () => {
  setJobQueue(null);
  await boss.stop({ graceful: false, wait: true });
  await t.drop();
});

describe("a web process without an in-process worker", () => {
  it("queues a retrain it starts, and nothing in the process runs it", async () => {
    const model = await createBinaryModel(t.db, "send-only");
    await t.db.insert(modelPipelines).values({ modelId: model.id, trainer: "built-in" });
    await t.db.insert(trainingExamples).values(syntheticExamples(model.id, 50));
    const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "send-only", trigger: "manual" });

    const jobs = () => t.db.execute<{ state: string }>(sql`select state from pgboss.job where name = ${QUEUES.retrain} and data->>'runId' = ${run.id}`);
    expect((await jobs()).map((j) => j.state)).toEqual(["created"]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await jobs()).map((j) => j.state)).toEqual(["created"]);
    expect((await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.schedule`))[0]!.n).toBeGreaterThan(0);
  });
});
