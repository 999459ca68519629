import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { deployments, modelVersions } from "@/lib/db/schema";
import { RollbackInput } from "@/lib/registry/schemas";
import { assertPermission, type Actor, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { getPipeline, actorLabel, switchProduction } from "../registry";
import { enqueue } from "@/lib/jobs/enqueue";
import { deployJobOptions, QUEUES } from "@/lib/jobs/queues";
import { writeAudit } from "../audit";
import type { Database } from "@/lib/db/connect";

/**
 * Puts the version that production's deploy replaced back into production (a rollback is not
 * itself rolled back: after v2 → v1, v1's own deploy decides what comes before it), in one transaction (the model
 * row is locked by the switch, so two rollbacks clicked at once move back one step, not two: the
 * second finds the current version changed and answers 409).
 */
export async function rollbackProduction(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "actions.decide");
  const { model: slug, comment } = parseInput(RollbackInput, input);
  const model = await findModelBySlug(ctx.db, slug);
  return rollbackModel(ctx.db, ctx.actor, model.id, comment);
}

export async function rollbackModel(db: Database, actor: Actor, modelId: string, comment: string, expectedCurrentId?: string) {
  return db.transaction(async (tx) => {
    // NO KEY UPDATE: predictions naming this version (key-share locks) are stored meanwhile; see switchProduction.
    const [current] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "production"))).for("no key update");
    if (!current) throw new ServiceError("conflict", "No version is in production, so there is nothing to roll back.");
    if (expectedCurrentId && current.id !== expectedCurrentId) throw new ServiceError("conflict", "Production changed since this rollback was asked for.");
    const [last] = await tx
      .select()
      .from(deployments)
      .where(and(eq(deployments.modelId, modelId), eq(deployments.versionId, current.id), eq(deployments.kind, "deploy"), eq(deployments.status, "succeeded")))
      .orderBy(desc(deployments.createdAt))
      .limit(1);
    if (!last?.previousVersionId) throw new ServiceError("conflict", `${current.name} did not replace another version; there is nothing to roll back to.`);
    const pipeline = await getPipeline(tx, modelId);
    if (pipeline.deployTarget === "webhook") {
      // The target is asked first; its answer switches production (deployViaWebhook).
      const [pending] = await tx
        .insert(deployments)
        .values({ modelId, versionId: last.previousVersionId, previousVersionId: current.id, kind: "rollback", target: "webhook", status: "pending", actorLabel: actorLabel(actor), message: comment })
        .returning();
      await writeAudit(tx, actor, { action: "rollback.requested", targetType: "deployment", targetId: pending!.id, modelId, details: { from: current.name, comment } });
      await enqueue(QUEUES.deploy, { deploymentId: pending!.id }, deployJobOptions(pending!.id));
      return { version: null, previous: current.name, status: "pending" as const };
    }
    const result = await switchProduction(tx, actor, { modelId, versionId: last.previousVersionId, kind: "rollback", target: pipeline.deployTarget, message: comment });
    if (comment) await writeAudit(tx, actor, { action: "rollback.comment", targetType: "deployment", targetId: result.deployment.id, modelId, details: { comment } });
    return { version: result.version.name, previous: current.name, status: "succeeded" as const };
  });
}
