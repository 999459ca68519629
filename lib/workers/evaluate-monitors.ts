import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { tickOf } from "@/lib/monitors/tick";
import { evaluateEnabledMonitors } from "@/lib/services/monitors";

/**
 * The tick is the minute the cron job was created for: two jobs for one minute (two schedulers, a
 * retry) share it, and the evaluation row's unique (monitor, tick) lets only one count.
 */
export async function evaluateMonitorsWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work<object>(QUEUES.evaluateMonitors, { includeMetadata: true }, async ([job]) => evaluateEnabledMonitors(db, tickOf(job!.createdOn)));
}
