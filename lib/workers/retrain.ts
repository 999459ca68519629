import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { runRetrainJob } from "@/lib/services/runs";

/** Aborted when the process is asked to stop: a training run stops at its next epoch and is retried. */
const stopping = new AbortController();
process.once("SIGTERM", () => stopping.abort());
process.once("SIGINT", () => stopping.abort());

/** One run at a time per worker: training is CPU work on a small machine. */
export async function retrainWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work<{ runId: string }>(QUEUES.retrain, { batchSize: 1 }, async ([job]) => runRetrainJob(db, job!.data.runId, { signal: stopping.signal }));
}
