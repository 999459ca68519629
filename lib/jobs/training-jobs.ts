import type PgBoss from "pg-boss";
import { and, eq, lt } from "drizzle-orm";
import { retrainRuns } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { RETRAIN_QUEUE } from "@/lib/services/runs/start-retrain-run";
import { runBuiltInTraining } from "@/lib/services/runs/run-built-in-training";
import { triggerExternalRun } from "@/lib/services/runs/call-pipeline";
import { startScheduledRuns } from "@/lib/services/runs/start-scheduled-runs";
import { resumeMonitorActions } from "@/lib/services/runs/handle-monitor-action";
import { DEPLOY_QUEUE } from "@/lib/services/deploys/execute-deploy";
import { deployViaWebhook } from "@/lib/services/deploys/deploy-via-webhook";

export const TRAINING_QUEUES = { retrain: RETRAIN_QUEUE, deploy: DEPLOY_QUEUE, schedules: "retrain-schedules", sweep: "retrain-sweep" } as const;

/** Aborted when the process is asked to stop: a training run stops at its next epoch and is retried. */
const stopping = new AbortController();
process.once("SIGTERM", () => stopping.abort());
process.once("SIGINT", () => stopping.abort());

export async function registerTrainingSchedules(boss: PgBoss): Promise<void> {
  // Stately: at most one queued and one active job per run or deployment (the singleton key), so
  // the sweep re-sending a run, or a second send, never trains one run twice at the same time.
  await boss.createQueue(TRAINING_QUEUES.retrain, { name: TRAINING_QUEUES.retrain, policy: "stately" });
  await boss.createQueue(TRAINING_QUEUES.deploy, { name: TRAINING_QUEUES.deploy, policy: "stately" });
  await boss.createQueue(TRAINING_QUEUES.schedules);
  await boss.createQueue(TRAINING_QUEUES.sweep);
  await boss.schedule(TRAINING_QUEUES.schedules, "* * * * *", {}, { singletonKey: "retrain-schedules" });
  await boss.schedule(TRAINING_QUEUES.sweep, "* * * * *", {}, { singletonKey: "retrain-sweep" });
}

export async function registerTrainingWorkers(boss: PgBoss, db: Database): Promise<void> {
  // One run at a time per worker: training is CPU work on a small machine.
  await boss.work<{ runId: string }>(TRAINING_QUEUES.retrain, { batchSize: 1 }, async ([job]) => {
    const [run] = await db.select({ trainer: retrainRuns.trainer }).from(retrainRuns).where(eq(retrainRuns.id, job!.data.runId));
    if (!run) return { outcome: "skipped" };
    return run.trainer === "built-in" ? runBuiltInTraining(db, job!.data.runId, { signal: stopping.signal }) : triggerExternalRun(db, job!.data.runId);
  });
  await boss.work<{ deploymentId: string }>(TRAINING_QUEUES.deploy, { batchSize: 1 }, async ([job]) => deployViaWebhook(db, job!.data.deploymentId));
  await boss.work(TRAINING_QUEUES.schedules, async () => ({ started: await startScheduledRuns(db) }));
  // Runs whose job was never sent (created by a CLI, or the process died between commit and
  // send) are sent again; the singleton key keeps one job per run.
  await boss.work(TRAINING_QUEUES.sweep, async () => {
    const stale = await db.select({ id: retrainRuns.id }).from(retrainRuns).where(and(eq(retrainRuns.status, "queued"), lt(retrainRuns.createdAt, new Date(Date.now() - 60_000))));
    for (const run of stale) await boss.send(TRAINING_QUEUES.retrain, { runId: run.id }, { singletonKey: run.id, retryLimit: 3, retryDelay: 5, expireInSeconds: 30 * 60 });
    // Retrains that firing monitors asked for while no queue could take them.
    return { resent: stale.length, monitorRuns: await resumeMonitorActions(db) };
  });
}
