import "server-only";
import { and, eq, lt } from "drizzle-orm";
import { retrainRuns } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { idsWithLiveJobs } from "@/lib/jobs/live-jobs";
import { QUEUES } from "@/lib/jobs/queues";

/**
 * Runs still queued a minute after they were started with no retrain job waiting, retrying or
 * running: their job was never sent (a CLI, a web process without a queue, a death between commit
 * and send) or died past its retries.
 */
export async function findLostRuns(db: Database, graceMs = 60_000): Promise<string[]> {
  const queued = await db.select({ id: retrainRuns.id }).from(retrainRuns).where(and(eq(retrainRuns.status, "queued"), lt(retrainRuns.createdAt, new Date(Date.now() - graceMs))));
  const running = await idsWithLiveJobs(db, QUEUES.retrain, "runId", queued.map((r) => r.id));
  return queued.map((r) => r.id).filter((id) => !running.has(id));
}
