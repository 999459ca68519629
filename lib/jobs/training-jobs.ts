import type PgBoss from "pg-boss";
import { and, eq, lt } from "drizzle-orm";
import { retrainRuns } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { RETRAIN_QUEUE, retrainJobOptions } from "@/lib/services/runs/start-retrain-run";
import { runBuiltInTraining } from "@/lib/services/runs/run-built-in-training";
import { triggerExternalRun } from "@/lib/services/runs/call-pipeline";
import { startScheduledRuns } from "@/lib/services/runs/start-scheduled-runs";
import { resumeMonitorActions } from "@/lib/services/runs/handle-monitor-action";
import { DEPLOY_QUEUE, deployJobOptions } from "@/lib/services/deploys/execute-deploy";
import { deployViaWebhook } from "@/lib/services/deploys/deploy-via-webhook";
import { findLostDeployments } from "@/lib/services/deploys/find-lost-deployments";
import { idsWithLiveJobs } from "./live-jobs";

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
  // Work whose job was lost is sent again: runs and webhook deploys whose job was never sent (a
  // CLI, a web process without a worker, a death between commit and send) or died past its
  // retries. Whatever still has a job waiting, retrying or running is left alone.
  await boss.work(TRAINING_QUEUES.sweep, async () => {
    const queued = await db.select({ id: retrainRuns.id }).from(retrainRuns).where(and(eq(retrainRuns.status, "queued"), lt(retrainRuns.createdAt, new Date(Date.now() - 60_000))));
    const running = await idsWithLiveJobs(db, TRAINING_QUEUES.retrain, "runId", queued.map((r) => r.id));
    const runs = queued.map((r) => r.id).filter((id) => !running.has(id));
    for (const runId of runs) await boss.send(TRAINING_QUEUES.retrain, { runId }, retrainJobOptions(runId));
    const deploys = await findLostDeployments(db);
    for (const deploymentId of deploys) await boss.send(TRAINING_QUEUES.deploy, { deploymentId }, deployJobOptions(deploymentId));
    // Retrains that firing monitors asked for while no queue could take them.
    return { resent: runs.length, deploys: deploys.length, monitorRuns: await resumeMonitorActions(db) };
  });
}
