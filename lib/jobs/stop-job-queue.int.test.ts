import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBoss, stopJobQueue } from "./enqueue";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());
afterEach(() => vi.restoreAllMocks());

/** What Ctrl-C does to PostgreSQL while the server still runs: every queue connection is cut. */
async function cutQueueConnections(name: string) {
  await t.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${name} and pid <> pg_backend_pid()`);
}

const queueErrors = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter((c) => c[0] === "[vigil] job queue error");

it("prints no job queue errors when the database goes while the queue is stopping (Ctrl-C)", async () => {
  const printed = vi.spyOn(console, "error").mockImplementation(() => {});
  // A running queue whose database goes away says so: the errors this test watches for are real.
  const running = createBoss(t.url);
  await running.start();
  await cutQueueConnections("vigil-worker");
  await expect.poll(() => queueErrors(printed).length, { timeout: 10_000 }).toBeGreaterThan(0);
  await running.stop({ graceful: false, wait: true }).catch(() => {});
  // Its pool may still report the cut connections a moment later (seen under load): wait until it
  // has been quiet for a second, so the count below is the stopping queue's alone.
  let seen = -1;
  while (seen !== queueErrors(printed).length) {
    seen = queueErrors(printed).length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  printed.mockClear();

  // A stopping one (the server on Ctrl-C) does not: the database going too is expected.
  const stopping = createBoss(t.url);
  await stopping.start();
  const stopped = stopJobQueue(stopping, 1_000);
  await cutQueueConnections("vigil-worker");
  await stopped;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(queueErrors(printed)).toEqual([]);
  // Stopping twice is the same stop (serve.ts and the server's own signal handler both ask).
  expect(stopJobQueue(stopping)).toBe(stopped);
});
