import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { enqueue } from "@/lib/jobs/enqueue";
import { deployJobOptions, QUEUES, retrainJobOptions } from "@/lib/jobs/queues";
import { findLostRuns, resumeMonitorActions } from "@/lib/services/runs";
import { findLostDeployments } from "@/lib/services/deploys";

/**
 * Each minute, work whose job was lost is queued again: runs and webhook deploys whose job was
 * never sent (a CLI, a web process without a queue, a death between commit and send) or died past
 * its retries. Whatever still has a job waiting, retrying or running is left alone.
 */
export async function sweepLostWorkWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.retrainSweep, async () => {
    const runs = await findLostRuns(db);
    for (const runId of runs) await enqueue(QUEUES.retrain, { runId }, retrainJobOptions(runId), boss);
    const deploys = await findLostDeployments(db);
    for (const deploymentId of deploys) await enqueue(QUEUES.deploy, { deploymentId }, deployJobOptions(deploymentId), boss);
    // Retrains that firing monitors asked for while no queue could take them.
    return { resent: runs.length, deploys: deploys.length, monitorRuns: await resumeMonitorActions(db) };
  });
}
