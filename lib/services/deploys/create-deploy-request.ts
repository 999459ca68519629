import "server-only";
import { deployRequests, type Model, type ModelVersion, type ModelPipeline } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { decideGate, type GateComparison } from "@/lib/registry/gate";
import type { Actor } from "../context";
import { writeAudit } from "../audit";
import { actorLabel } from "../registry";
import { executeDeploy } from "./execute-deploy";

export type CreateDeployRequestInput = {
  model: Model;
  pipeline: ModelPipeline;
  version: ModelVersion;
  production: ModelVersion | null;
  comparison: GateComparison | null;
  /** The person who asked (they may not approve it); null for schedules and monitors. */
  requestedBy: string | null;
  requestedByLabel: string;
  runId?: string | null;
  allowAuto: boolean;
};

/**
 * Records a deploy request with the gate's comparison and, when the policy lets the candidate
 * deploy on its own, deploys it in the same transaction. Otherwise it waits on the Actions page.
 */
export async function createDeployRequest(tx: DbOrTx, actor: Actor, input: CreateDeployRequestInput) {
  // A production version the trainer cannot score (a pipeline's, or one seen in traffic) is no
  // comparison at all: only people decide then.
  const unscoredProduction = input.production !== null && input.comparison !== null && input.comparison.production === null;
  const decision = unscoredProduction
    ? { deploy: "approval" as const, reason: `Production (${input.production!.name}) cannot be scored on the held-out labels; an approver decides.` }
    : decideGate(input.comparison, { policy: input.pipeline.deployPolicy, autoMargin: input.pipeline.autoMargin, autoMinN: input.pipeline.autoMinN }, input.allowAuto);

  const [request] = await tx
    .insert(deployRequests)
    .values({
      modelId: input.model.id,
      versionId: input.version.id,
      fromVersionId: input.production?.id ?? null,
      runId: input.runId ?? null,
      requestedBy: input.requestedBy,
      requestedByLabel: input.requestedByLabel,
      approvalsRequired: input.pipeline.approvalsRequired,
      evaluation: { comparison: input.comparison, candidateName: input.version.name, productionName: input.production?.name ?? null },
      reason: decision.reason,
    })
    .returning();
  await writeAudit(tx, actor, {
    action: "deploy.requested",
    targetType: "deploy_request",
    targetId: request!.id,
    modelId: input.model.id,
    details: { version: input.version.name, production: input.production?.name ?? null, gate: decision.deploy, reason: decision.reason, requestedBy: input.requestedByLabel },
  });
  if (decision.deploy === "auto") {
    const automatic: Actor = { type: "system", label: "deploy policy" };
    await writeAudit(tx, automatic, { action: "deploy.auto_approved", targetType: "deploy_request", targetId: request!.id, modelId: input.model.id, details: { reason: decision.reason } });
    return { request: request!, deployed: await executeDeploy(tx, automatic, { request: request!, pipeline: input.pipeline }) };
  }
  return { request: request!, deployed: null };
}

export { actorLabel };
