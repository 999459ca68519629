import PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { pruneSignInAttempts } from "@/lib/services/users/prune-sign-in-attempts";
import { refreshRollups } from "@/lib/services/metrics/refresh-rollups";
import { runBackfills } from "@/lib/services/labelling/run-backfills";
import { pruneLabellingDailyCounts } from "@/lib/services/labelling/prune-daily-counts";

export const QUEUES = { pruneSignInAttempts: "prune-sign-in-attempts", refreshRollups: "refresh-rollups", labellingBackfills: "labelling-backfills" } as const;

const SIGN_IN_ATTEMPT_RETENTION_MS = 24 * 3600 * 1000;

/** Creates pg-boss on Vigil's own database; its tables live in the `pgboss` schema. */
export function createBoss(url: string): PgBoss {
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 5, application_name: "vigil-worker" });
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
}

/** The handlers; every one is idempotent, because a job may run again after a crash. */
export async function registerWorkers(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.pruneSignInAttempts, async () => {
    const removed = await pruneSignInAttempts(db, new Date(Date.now() - SIGN_IN_ATTEMPT_RETENTION_MS));
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
}
