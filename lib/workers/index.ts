import "server-only";
import type PgBoss from "pg-boss";
import { createDatabase, type Database } from "@/lib/db/connect";
import { createBoss, setJobQueue } from "@/lib/jobs/enqueue";
import { registerSchedules } from "@/lib/jobs/queues";
import { pruneRecordsWorker } from "./prune-records";
import { refreshRollupsWorker } from "./refresh-rollups";
import { labellingBackfillsWorker } from "./labelling-backfills";
import { evaluateMonitorsWorker } from "./evaluate-monitors";
import { dispatchNotificationsWorker } from "./dispatch-notifications";
import { deliverNotificationWorker } from "./deliver-notification";
import { monitorActionWorker } from "./monitor-action";
import { retrainWorker } from "./retrain";
import { deployWorker } from "./deploy";
import { retrainSchedulesWorker } from "./retrain-schedules";
import { sweepLostWorkWorker } from "./sweep-lost-work";

/** Every worker, one a queue; each is idempotent, because a job may run again after a crash. */
const WORKERS = [
  pruneRecordsWorker,
  refreshRollupsWorker,
  labellingBackfillsWorker,
  evaluateMonitorsWorker,
  dispatchNotificationsWorker,
  deliverNotificationWorker,
  monitorActionWorker,
  retrainWorker,
  deployWorker,
  retrainSchedulesWorker,
  sweepLostWorkWorker,
];

/** The one place workers are registered: the web process (in-process worker) and `npm run worker` call it. */
export async function registerWorkers(boss: PgBoss, db: Database): Promise<void> {
  for (const register of WORKERS) await register(boss, db);
}

/**
 * Starts this process's job queue and makes it the handle `enqueue` uses. With `workers: false`
 * (a web process with VIGIL_IN_PROCESS_WORKER=false) the handle only sends: jobs are queued here
 * and run by `npm run worker`.
 */
export async function startJobQueue(url: string, options: { workers: boolean; poolSize: number }): Promise<PgBoss> {
  const boss = createBoss(url, { workers: options.workers });
  await boss.start();
  await registerSchedules(boss);
  if (options.workers) await registerWorkers(boss, createDatabase(url, { max: options.poolSize }));
  setJobQueue(boss);
  return boss;
}
