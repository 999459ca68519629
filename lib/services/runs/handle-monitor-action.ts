import "server-only";
import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { alertEvents, alerts, deployments, modelPipelines, models, retrainRuns } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "../context";
import { ServiceError } from "../errors";
import { startRetrainRun } from "./start-retrain-run";
import { rollbackModel } from "../deploys";
import { monitorRefs } from "../monitors";

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
  const ctx = systemContext(db, await monitorLabel(db, action.monitorId));
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
 * The `monitor-action` job's handler, as the monitors' evaluation sends it for every firing:
 * `{alertId, monitorId, policy}`. The alert gives the model and the time it fired.
 */
export async function handleMonitorActionJob(db: Database, job: { alertId: string; monitorId: string; policy: string }) {
  const policy = job.policy === "propose-retrain" || job.policy === "auto-retrain-deploy" ? job.policy : "notify";
  const [alert] = /^[0-9a-f-]{36}$/i.test(job.alertId) ? await db.select().from(alerts).where(eq(alerts.id, job.alertId)) : [];
  if (!alert) return { rolledBack: false, run: null, refused: `alert ${job.alertId} not found` };
  return handleMonitorAction(db, { modelId: alert.modelId, alertId: job.alertId, monitorId: job.monitorId, policy, firedAt: alert.firedAt });
}

/**
 * Catches retrain requests whose job never ran (an alert fired where no queue was running, such as
 * the demo seed's first evaluation, or the process died before sending): alerts still firing that
 * asked for a retrain in the last `withinMinutes`, whose model has had no run since. Runs from the
 * retrain sweep every minute.
 */
export async function resumeMonitorActions(db: Database, now = new Date(), withinMinutes = 30): Promise<number> {
  const waiting = await db
    .select({ alertId: alerts.id, monitorId: alerts.monitorId, policy: sql<string>`${alertEvents.details} ->> 'policy'` })
    .from(alertEvents)
    .innerJoin(alerts, eq(alerts.id, alertEvents.alertId))
    .where(
      and(
        eq(alertEvents.type, "action_requested"),
        eq(alerts.state, "firing"),
        gte(alertEvents.at, new Date(now.getTime() - withinMinutes * 60_000)),
        sql`not exists (select 1 from ${retrainRuns} r where r.model_id = ${alerts.modelId} and r.created_at >= ${alerts.firedAt})`,
      ),
    );
  let started = 0;
  for (const action of waiting) {
    const result = await handleMonitorActionJob(db, action);
    if (result.run?.started) started++;
  }
  return started;
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
    const monitor = await monitorLabel(db, action.monitorId);
    await rollbackModel(db, { type: "system", label: `automatic rollback (${monitor})` }, action.modelId, `${monitor} fired ${Math.round((firedAt.getTime() - recent.finishedAt!.getTime()) / 60_000)} min after the deploy`, recent.versionId);
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === "conflict") return false;
    throw error;
  }
}

/** How the audit log and the deploy history name a monitor acting on its own: by its name, as people know it. */
async function monitorLabel(db: Database, monitorId: string): Promise<string> {
  const monitor = (await monitorRefs(db, [monitorId])).get(monitorId);
  return monitor ? `monitor “${monitor.name}”` : "a deleted monitor";
}
