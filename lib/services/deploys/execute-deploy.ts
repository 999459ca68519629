import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { deployRequests, deployments, modelVersions, type DeployRequest, type ModelPipeline } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { enqueue } from "@/lib/jobs/enqueue";
import { deployJobOptions, QUEUES } from "@/lib/jobs/queues";
import type { Actor } from "../context";
import { switchProduction, actorLabel } from "../registry";

/**
 * Carries out an approved request inside the deciding transaction. Built-in target: the production
 * switch happens here, so approval and deploy land together. Webhook target: the request becomes
 * `deploying`, a pending deployment is recorded, and the deploy job calls the target after commit;
 * its answer (or callback) switches production or marks the deploy failed.
 */
export async function executeDeploy(tx: DbOrTx, actor: Actor, input: { request: DeployRequest; pipeline: ModelPipeline }) {
  const { request, pipeline } = input;
  if (pipeline.deployTarget === "built-in") {
    const result = await switchProduction(tx, actor, { modelId: request.modelId, versionId: request.versionId, kind: "deploy", target: "built-in", requestId: request.id });
    await tx.update(deployRequests).set({ status: "deployed", decidedAt: sql`now()` }).where(eq(deployRequests.id, request.id));
    return { deploymentId: result.deployment.id, status: "succeeded" as const };
  }
  // The version it replaces is production now, not when the request was made: a deploy or a
  // rollback may have happened since, and rollback and the target's body rely on this.
  const [current] = await tx
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, request.modelId), eq(modelVersions.status, "production")));
  const [deployment] = await tx
    .insert(deployments)
    .values({ modelId: request.modelId, versionId: request.versionId, previousVersionId: current?.id ?? null, requestId: request.id, kind: "deploy", target: "webhook", status: "pending", actorLabel: actorLabel(actor) })
    .returning();
  await tx.update(deployRequests).set({ status: "deploying", decidedAt: sql`now()` }).where(eq(deployRequests.id, request.id));
  // Sent inside the transaction's lifetime but read by a worker only once it sees the row: the job
  // re-reads the deployment and does nothing unless it is still pending. Without a queue in this
  // process (VIGIL_IN_PROCESS_WORKER=false), or if the job runs before the commit, the sweep in
  // lib/workers/sweep-lost-work.ts finds the deployment and sends it again.
  await enqueue(QUEUES.deploy, { deploymentId: deployment!.id }, deployJobOptions(deployment!.id));
  return { deploymentId: deployment!.id, status: "pending" as const };
}
