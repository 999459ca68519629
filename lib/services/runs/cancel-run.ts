import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { retrainRuns, runLogs } from "@/lib/db/schema";
import { CancelRunInput } from "@/lib/registry/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { actorLabel } from "../registry";

/**
 * Cancels a queued or running run. The built-in trainer sees it at its next epoch and stops; a
 * pipeline's later callbacks are refused (409), so a cancelled run never registers a version.
 */
export async function cancelRun(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "runs.start");
  const { runId } = parseInput(CancelRunInput, input);
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx
      .update(retrainRuns)
      .set({ status: "cancelled", message: `Cancelled by ${actorLabel(ctx.actor)}`, finishedAt: sql`now()` })
      .where(and(eq(retrainRuns.id, runId), sql`${retrainRuns.status} in ('queued', 'running')`))
      .returning();
    if (!run) {
      const [existing] = await tx.select({ status: retrainRuns.status }).from(retrainRuns).where(eq(retrainRuns.id, runId));
      if (!existing) throw new ServiceError("not_found", "There is no such run.");
      throw new ServiceError("conflict", `This run has already ${existing.status === "cancelled" ? "been cancelled" : existing.status}.`);
    }
    await tx.insert(runLogs).values({ runId, message: `Cancelled by ${actorLabel(ctx.actor)}.` });
    await writeAudit(tx, ctx.actor, { action: "run.cancelled", targetType: "retrain_run", targetId: runId, modelId: run.modelId });
    return { status: "cancelled" as const, modelId: run.modelId };
  });
}
