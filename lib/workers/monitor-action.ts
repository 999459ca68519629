import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { handleMonitorActionJob } from "@/lib/services/runs";

/**
 * A firing alert: its monitor's policy may start a retrain, and the model's automatic rollback may
 * watch this monitor (idempotent: one active run per model).
 */
export async function monitorActionWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work<{ alertId: string; monitorId: string; policy: string }>(QUEUES.monitorAction, async ([job]) => handleMonitorActionJob(db, job!.data));
}
