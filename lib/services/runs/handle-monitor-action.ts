import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { deployments, modelPipelines, models } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "../context";
import { ServiceError } from "../errors";
import { startRetrainRun } from "./start-retrain-run";
import { rollbackModel } from "../deploys/rollback";

export type MonitorAction = { modelId: string; alertId: string; monitorId: string; policy: "notify" | "propose-retrain" | "auto-retrain-deploy"; firedAt?: Date };

/**
 * THE one function the monitors' `monitor-action` job calls when an alert fires (it knows the
 * monitor's model). Two things may follow:
 * - the model's automatic rollback: when this monitor is the one chosen on the model's pipeline
 *   and production was deployed less than the set minutes before the alert fired, production goes
 *   back to the version it replaced (whatever the monitor's policy);
 * - a retrain: `propose-retrain` starts a run whose candidate always waits for an approver;
 *   `auto-retrain-deploy` starts one whose candidate deploys itself when the model's deploy policy
 *   is `auto` and the candidate wins by its margin (otherwise it waits too).
 * Idempotent: a model has one active run at most, and a rollback checks production did not change.
 */
export async function handleMonitorAction(db: Database, action: MonitorAction) {
  const [model] = await db.select().from(models).where(eq(models.id, action.modelId));
  if (!model) return { rolledBack: false, run: null };
  const rolledBack = await rollbackIfWatched(db, action);
  if (action.policy === "notify") return { rolledBack, run: null };
  const ctx = systemContext(db, `monitor ${action.monitorId.slice(0, 8)}`);
  try {
    const { run, started } = await startRetrainRun(ctx, {
      model: model.slug,
      trigger: "monitor",
      alertId: action.alertId,
      monitorId: action.monitorId,
      autoDeploy: action.policy === "auto-retrain-deploy" ? "policy" : "never",
    });
    return { rolledBack, run: { id: run.id, started } };
  } catch (error) {
    // A model without a trainer cannot retrain; the alert itself still notifies people.
    if (error instanceof ServiceError && error.code === "conflict") return { rolledBack, run: null, refused: error.message };
    throw error;
  }
}

/**
 * The `monitor-action` job's handler, as the monitors' job sends it: `{alertId, monitorId, policy}`.
 * The alert row (the monitors' `alerts` table) gives the model and the time it fired; the rest is
 * handleMonitorAction. Read with plain SQL so this file does not depend on the monitors' schema.
 */
export async function handleMonitorActionJob(db: Database, job: { alertId: string; monitorId: string; policy: string }) {
  const policy = job.policy === "propose-retrain" || job.policy === "auto-retrain-deploy" ? job.policy : "notify";
  const [alert] = await db.execute<{ model_id: string; fired_at: string }>(sql`select model_id, fired_at from alerts where id = ${job.alertId}::uuid`);
  if (!alert) return { rolledBack: false, run: null, refused: `alert ${job.alertId} not found` };
  return handleMonitorAction(db, { modelId: alert.model_id, alertId: job.alertId, monitorId: job.monitorId, policy, firedAt: new Date(alert.fired_at) });
}

async function rollbackIfWatched(db: Database, action: MonitorAction): Promise<boolean> {
  const [pipeline] = await db
    .select()
    .from(modelPipelines)
    .where(and(eq(modelPipelines.modelId, action.modelId), eq(modelPipelines.rollbackMonitorId, action.monitorId), isNotNull(modelPipelines.rollbackWindowMinutes)));
  if (!pipeline?.rollbackWindowMinutes) return false;
  const firedAt = action.firedAt ?? new Date();
  const since = new Date(firedAt.getTime() - pipeline.rollbackWindowMinutes * 60_000);
  const [recent] = await db
    .select()
    .from(deployments)
    .where(and(eq(deployments.modelId, action.modelId), eq(deployments.kind, "deploy"), eq(deployments.status, "succeeded"), gte(deployments.finishedAt, since)))
    .orderBy(desc(deployments.finishedAt))
    .limit(1);
  if (!recent?.previousVersionId) return false;
  try {
    await rollbackModel(db, { type: "system", label: `automatic rollback (monitor ${action.monitorId.slice(0, 8)})` }, action.modelId, `alert ${action.alertId} fired ${Math.round((firedAt.getTime() - recent.finishedAt!.getTime()) / 60_000)} min after the deploy`, recent.versionId);
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === "conflict") return false;
    throw error;
  }
}
