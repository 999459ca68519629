import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { startScheduledRuns } from "@/lib/services/runs";

/** Each minute: models whose retrain schedule is due get a run. */
export async function retrainSchedulesWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.retrainSchedules, async () => ({ started: await startScheduledRuns(db) }));
}
