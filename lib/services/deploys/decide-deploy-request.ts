import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { deployApprovals, deployRequests, modelVersions } from "@/lib/db/schema";
import { DecideInput, RejectInput } from "@/lib/registry/schemas";
import { assertPermission, type ServiceContext, type UserActor } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { getPipeline } from "../registry";
import { executeDeploy } from "./execute-deploy";

type DeciderContext = ServiceContext & { actor: UserActor };

/**
 * Locks the request row for the whole decision: two approvers clicking at once take turns, and
 * the second finds the request already decided (409), so a deploy happens once.
 */
async function lockPending(tx: Parameters<Parameters<ServiceContext["db"]["transaction"]>[0]>[0], ctx: DeciderContext, requestId: string) {
  const [request] = await tx.select().from(deployRequests).where(eq(deployRequests.id, requestId)).for("update");
  if (!request) throw new ServiceError("not_found", "There is no such deploy request.");
  if (request.status !== "pending") throw new ServiceError("conflict", `This request is already ${request.status}.`);
  if (request.requestedBy === ctx.actor.id) {
    throw new ServiceError("forbidden", "You asked for this deploy; another approver has to decide it (two-person rule).");
  }
  return request;
}

export async function approveDeployRequest(ctx: DeciderContext, input: unknown) {
  assertPermission(ctx.actor, "actions.decide");
  const { requestId, comment } = parseInput(DecideInput, input);
  return ctx.db.transaction(async (tx) => {
    const request = await lockPending(tx, ctx, requestId);
    const [added] = await tx
      .insert(deployApprovals)
      .values({ requestId, userId: ctx.actor.id, userLabel: ctx.actor.email, decision: "approve", comment })
      .onConflictDoNothing()
      .returning();
    if (!added) throw new ServiceError("conflict", "You have already approved this request.");
    const [version] = await tx.select({ name: modelVersions.name }).from(modelVersions).where(eq(modelVersions.id, request.versionId));
    await writeAudit(tx, ctx.actor, { action: "deploy.approved", targetType: "deploy_request", targetId: requestId, modelId: request.modelId, details: { version: version?.name, comment } });

    const approvals = await tx.$count(deployApprovals, and(eq(deployApprovals.requestId, requestId), eq(deployApprovals.decision, "approve")));
    if (approvals < request.approvalsRequired) return { status: "pending" as const, approvals, required: request.approvalsRequired };
    const deployed = await executeDeploy(tx, ctx.actor, { request, pipeline: await getPipeline(tx, request.modelId) });
    return { status: deployed.status === "succeeded" ? ("deployed" as const) : ("deploying" as const), approvals, required: request.approvalsRequired };
  });
}

export async function rejectDeployRequest(ctx: DeciderContext, input: unknown) {
  assertPermission(ctx.actor, "actions.decide");
  const { requestId, comment } = parseInput(RejectInput, input);
  return ctx.db.transaction(async (tx) => {
    const request = await lockPending(tx, ctx, requestId);
    await tx.insert(deployApprovals).values({ requestId, userId: ctx.actor.id, userLabel: ctx.actor.email, decision: "reject", comment }).onConflictDoUpdate({
      target: [deployApprovals.requestId, deployApprovals.userId],
      set: { decision: "reject", comment, at: sql`now()` },
    });
    await tx.update(deployRequests).set({ status: "rejected", decidedAt: sql`now()` }).where(eq(deployRequests.id, requestId));
    const [version] = await tx.select({ name: modelVersions.name }).from(modelVersions).where(eq(modelVersions.id, request.versionId));
    await writeAudit(tx, ctx.actor, { action: "deploy.rejected", targetType: "deploy_request", targetId: requestId, modelId: request.modelId, details: { version: version?.name, comment } });
    return { status: "rejected" as const };
  });
}
