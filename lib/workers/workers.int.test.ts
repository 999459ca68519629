import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { signInAttempts } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBoss } from "@/lib/jobs/enqueue";
import { QUEUES, registerSchedules } from "@/lib/jobs/queues";
import { registerWorkers } from ".";

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase();
  boss = createBoss(t.url);
  await boss.start();
  await registerSchedules(boss);
  await registerWorkers(boss, t.db);
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await t.drop();
});

describe("the job queue", () => {
  it("schedules the pruning job every ten minutes", async () => {
    const schedules = await boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron])).toContainEqual([QUEUES.pruneSignInAttempts, "*/10 * * * *"]);
    expect(schedules.map((s) => [s.name, s.cron])).toContainEqual([QUEUES.refreshRollups, "* * * * *"]);
  });

  it("runs the pruning job through a worker: day-old attempts go, recent ones stay", async () => {
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    await t.db.insert(signInAttempts).values([
      { email: "stale@example.com", address: "x", succeeded: false, at: twoDaysAgo },
      { email: "fresh@example.com", address: "x", succeeded: false },
    ]);
    const jobId = await boss.send(QUEUES.pruneSignInAttempts, {});
    expect(jobId).toBeTruthy();

    const deadline = Date.now() + 20_000;
    let job = await boss.getJobById(QUEUES.pruneSignInAttempts, jobId!);
    while (job?.state !== "completed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      job = await boss.getJobById(QUEUES.pruneSignInAttempts, jobId!);
    }
    expect(job?.state).toBe("completed");
    expect(job?.output).toEqual({ removed: 1 });
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.email, "stale@example.com"))).toEqual([]);
    expect(await t.db.select().from(signInAttempts).where(eq(signInAttempts.email, "fresh@example.com"))).toHaveLength(1);
  });
});
