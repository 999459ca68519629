import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { retrainRuns, type RetrainRun } from "@/lib/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES, retrainJobOptions } from "@/lib/jobs/queues";
import { StartRunInput } from "@/lib/registry/schemas";
import { ACTIVE_RUN_STATUSES } from "@/lib/registry/constants";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { isUniqueViolation } from "../postgres-errors";
import { findModelBySlug } from "../models";
import { writeAudit } from "../audit";
import { getPipeline, actorLabel } from "../registry";

export type StartRunResult = { run: RetrainRun; started: boolean };

/**
 * Starts a retrain of a model: by hand, from its schedule, or from a monitor's policy (the monitor
 * job calls this and nothing else). The run row is inserted and audited in one transaction, then
 * its job is sent. A model has at most one queued or running run (the database decides): a second
 * start answers the run already going, with `started: false`, so a monitor firing twice or a
 * double click starts one run.
 */
export async function startRetrainRun(ctx: ServiceContext, input: StartRunInput): Promise<StartRunResult> {
  assertPermission(ctx.actor, "runs.start");
  const parsed = parseInput(StartRunInput, input);
  const model = await findModelBySlug(ctx.db, parsed.model);
  const pipeline = await getPipeline(ctx.db, model.id);
  if (pipeline.trainer === "none") {
    throw new ServiceError("conflict", `${model.name} has no trainer set up; choose one on its Versions page first.`);
  }
  if (pipeline.trainer === "built-in" && model.task === "regression") {
    throw new ServiceError("conflict", "The built-in trainer trains classifiers only (binary and multiclass).");
  }

  try {
    const run = await ctx.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(retrainRuns)
        .values({
          modelId: model.id,
          trigger: parsed.trigger,
          trainer: pipeline.trainer,
          requestedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
          requestedByLabel: actorLabel(ctx.actor),
          alertId: parsed.alertId ?? null,
          monitorId: parsed.monitorId ?? null,
          autoDeploy: parsed.autoDeploy,
          message: "Waiting for a worker",
        })
        .returning();
      await writeAudit(tx, ctx.actor, {
        action: "run.started",
        targetType: "retrain_run",
        targetId: created!.id,
        modelId: model.id,
        details: { trigger: parsed.trigger, trainer: pipeline.trainer, alertId: parsed.alertId ?? null, monitorId: parsed.monitorId ?? null },
      });
      return created!;
    });
    await enqueue(QUEUES.retrain, { runId: run.id }, retrainJobOptions(run.id));
    return { run, started: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [active] = await ctx.db
      .select()
      .from(retrainRuns)
      .where(and(eq(retrainRuns.modelId, model.id), inArray(retrainRuns.status, [...ACTIVE_RUN_STATUSES])));
    if (!active) throw error;
    return { run: active, started: false };
  }
}
