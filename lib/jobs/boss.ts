import PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { pruneSignInAttempts } from "@/lib/services/users/prune-sign-in-attempts";
import { pruneSessions } from "@/lib/services/sessions/prune-sessions";
import { refreshRollups } from "@/lib/services/metrics/refresh-rollups";
import { runBackfills } from "@/lib/services/labelling/run-backfills";
import { pruneLabellingDailyCounts } from "@/lib/services/labelling/prune-daily-counts";

import { MONITOR_JOBS } from "@/lib/monitors/jobs";
import { tickOf } from "@/lib/monitors/tick";
import { DELIVERY_RETRY_DELAY_SECONDS, DELIVERY_RETRY_LIMIT } from "@/lib/notifications/constants";
import { evaluateEnabledMonitors } from "@/lib/services/monitors/evaluate-monitor";
import { claimUnqueuedDeliveries, deliverNotification } from "@/lib/services/notifications/deliver-notification";
import { setJobSender } from "@/lib/services/notifications/job-sender";
import { registerTrainingSchedules, registerTrainingWorkers } from "./training-jobs";
import { JOB_SCHEMA } from "./live-jobs";
import { handleMonitorActionJob } from "@/lib/services/runs/handle-monitor-action";

export const QUEUES = { pruneSignInAttempts: "prune-sign-in-attempts", refreshRollups: "refresh-rollups", labellingBackfills: "labelling-backfills", ...MONITOR_JOBS } as const;

/** Failed deliveries wait 10 s, 20 s, 40 s, … between attempts (pg-boss's exponential backoff). */
export const DELIVERY_QUEUE_OPTIONS = { name: QUEUES.deliverNotification, retryLimit: DELIVERY_RETRY_LIMIT, retryDelay: DELIVERY_RETRY_DELAY_SECONDS, retryBackoff: true };

const SIGN_IN_ATTEMPT_RETENTION_MS = 24 * 3600 * 1000;

/** Creates pg-boss on Vigil's own database; its tables live in the `pgboss` schema. */
export function createBoss(url: string): PgBoss {
  const boss = new PgBoss({ connectionString: url, schema: JOB_SCHEMA, max: 5, application_name: "vigil-worker" });
  boss.on("error", (error) => console.error("[vigil] job queue error", error));
  return boss;
}

/** Queues and cron schedules; safe to call from every process, as pg-boss keeps one of each. */
export async function registerSchedules(boss: PgBoss): Promise<void> {
  await boss.createQueue(QUEUES.pruneSignInAttempts);
  await boss.schedule(QUEUES.pruneSignInAttempts, "*/10 * * * *", {}, { singletonKey: "prune" });
  await boss.createQueue(QUEUES.refreshRollups);
  await boss.schedule(QUEUES.refreshRollups, "* * * * *", {}, { singletonKey: "rollups" });
  await boss.createQueue(QUEUES.labellingBackfills);
  await boss.schedule(QUEUES.labellingBackfills, "* * * * *", {}, { singletonKey: "backfills" });
  await boss.createQueue(QUEUES.evaluateMonitors);
  await boss.schedule(QUEUES.evaluateMonitors, "* * * * *", {}, { singletonKey: "monitors" });
  await boss.createQueue(QUEUES.dispatchNotifications);
  await boss.schedule(QUEUES.dispatchNotifications, "* * * * *", {}, { singletonKey: "dispatch" });
  await boss.createQueue(QUEUES.deliverNotification, DELIVERY_QUEUE_OPTIONS);
  await boss.updateQueue(QUEUES.deliverNotification, DELIVERY_QUEUE_OPTIONS);
  await boss.createQueue(QUEUES.monitorAction);
  await registerTrainingSchedules(boss);
}

/** The handlers; every one is idempotent, because a job may run again after a crash. */
export async function registerWorkers(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.pruneSignInAttempts, async () => {
    const removed = await pruneSignInAttempts(db, new Date(Date.now() - SIGN_IN_ATTEMPT_RETENTION_MS));
    // Ended and expired sessions are kept a month, for anyone looking into a sign-in.
    await pruneSessions(db, new Date(Date.now() - 30 * 24 * 3600 * 1000));
    // Ingest only reads today's labelling counter: older days are history nobody reads.
    await pruneLabellingDailyCounts(db, new Date(Date.now() - 2 * 24 * 3600 * 1000));
    return { removed };
  });
  // Catches up every hour marked dirty since the last run; claims are SKIP LOCKED, so workers
  // on several machines share the backlog instead of repeating it.
  await boss.work(QUEUES.refreshRollups, async () => ({ buckets: await refreshRollups(db) }));
  // Chunks of past predictions sampled for labelling; each chunk commits with its cursor, and
  // rows are SKIP LOCKED, so a retry or a second worker picks up where the last chunk ended.
  await boss.work(QUEUES.labellingBackfills, async () => ({ chunks: await runBackfills(db) }));

  // Services queue deliveries and actions through this process's pg-boss once committed.
  setJobSender(async (name, data, options) => void (await boss.send(name, data, options ?? {})));
  // The tick is the minute the cron job was created for: two jobs for one minute (two schedulers,
  // a retry) share it, and the evaluation row's unique (monitor, tick) lets only one count.
  await boss.work<object>(QUEUES.evaluateMonitors, { includeMetadata: true }, async ([job]) => evaluateEnabledMonitors(db, tickOf(job!.createdOn)));
  await boss.work(QUEUES.dispatchNotifications, async () => {
    const ids = await claimUnqueuedDeliveries(db);
    for (const deliveryId of ids) await boss.send(QUEUES.deliverNotification, { deliveryId });
    return { queued: ids.length };
  });
  // A failure throws, so pg-boss retries with backoff; the last attempt marks the delivery failed.
  await boss.work<{ deliveryId: string }>(QUEUES.deliverNotification, { includeMetadata: true }, async ([job]) => ({
    result: await deliverNotification(db, job!.data.deliveryId, { lastAttempt: job!.retryCount >= job!.retryLimit }),
  }));
  // A firing alert: its monitor's policy may start a retrain, and the model's automatic rollback
  // may watch this monitor (handleMonitorActionJob; idempotent: one active run per model).
  await boss.work<{ alertId: string; monitorId: string; policy: string }>(QUEUES.monitorAction, async ([job]) => handleMonitorActionJob(db, job!.data));
  await registerTrainingWorkers(boss, db);
}
