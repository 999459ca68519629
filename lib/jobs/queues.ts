import "server-only";
import type PgBoss from "pg-boss";
import { DELIVERY_RETRY_DELAY_SECONDS, DELIVERY_RETRY_LIMIT } from "@/lib/notifications/constants";

/** Every queue's name, in one place: services enqueue by these, lib/workers works them. */
export const QUEUES = {
  pruneSignInAttempts: "prune-sign-in-attempts",
  refreshRollups: "refresh-rollups",
  labellingBackfills: "labelling-backfills",
  evaluateMonitors: "evaluate-monitors",
  dispatchNotifications: "dispatch-notifications",
  deliverNotification: "deliver-notification",
  monitorAction: "monitor-action",
  retrain: "retrain",
  deploy: "deploy",
  retrainSchedules: "retrain-schedules",
  retrainSweep: "retrain-sweep",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Failed deliveries wait 10 s, 20 s, 40 s, … between attempts (pg-boss's exponential backoff). */
export const DELIVERY_QUEUE_OPTIONS = { name: QUEUES.deliverNotification, retryLimit: DELIVERY_RETRY_LIMIT, retryDelay: DELIVERY_RETRY_DELAY_SECONDS, retryBackoff: true };

/** One job per run (the singleton key), retried; the sweep sends a lost one with the same options. */
export const retrainJobOptions = (runId: string) => ({ singletonKey: runId, retryLimit: 3, retryDelay: 5, expireInSeconds: 30 * 60 });

/** One job per deployment (the singleton key), retried; the sweep sends a lost one with the same options. */
export const deployJobOptions = (deploymentId: string) => ({ singletonKey: deploymentId, retryLimit: 3, retryDelay: 10, startAfter: 1 });

/** Cron schedules: pg-boss keeps one of each whatever the number of processes that declare them. */
const SCHEDULES: { queue: QueueName; cron: string; singletonKey: string }[] = [
  { queue: QUEUES.pruneSignInAttempts, cron: "*/10 * * * *", singletonKey: "prune" },
  { queue: QUEUES.refreshRollups, cron: "* * * * *", singletonKey: "rollups" },
  { queue: QUEUES.labellingBackfills, cron: "* * * * *", singletonKey: "backfills" },
  { queue: QUEUES.evaluateMonitors, cron: "* * * * *", singletonKey: "monitors" },
  { queue: QUEUES.dispatchNotifications, cron: "* * * * *", singletonKey: "dispatch" },
  { queue: QUEUES.retrainSchedules, cron: "* * * * *", singletonKey: "retrain-schedules" },
  { queue: QUEUES.retrainSweep, cron: "* * * * *", singletonKey: "retrain-sweep" },
];

/** Queues and cron schedules; safe to call from every process, as pg-boss keeps one of each. */
export async function registerSchedules(boss: PgBoss): Promise<void> {
  for (const { queue, cron, singletonKey } of SCHEDULES) {
    await boss.createQueue(queue);
    await boss.schedule(queue, cron, {}, { singletonKey });
  }
  await boss.createQueue(QUEUES.deliverNotification, DELIVERY_QUEUE_OPTIONS);
  await boss.updateQueue(QUEUES.deliverNotification, DELIVERY_QUEUE_OPTIONS);
  await boss.createQueue(QUEUES.monitorAction);
  // Stately: at most one queued and one active job per run or deployment (the singleton key), so
  // the sweep re-sending a run, or a second send, never trains one run twice at the same time.
  await boss.createQueue(QUEUES.retrain, { name: QUEUES.retrain, policy: "stately" });
  await boss.createQueue(QUEUES.deploy, { name: QUEUES.deploy, policy: "stately" });
}
