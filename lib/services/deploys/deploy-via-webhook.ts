import { and, eq, sql } from "drizzle-orm";
import { deployRequests, deployments, modelVersions, models } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { signWebhook } from "@/lib/registry/signing";
import { env } from "@/lib/env";
import { writeAudit } from "../audit/write-audit";
import { getPipeline } from "../registry/get-pipeline";
import { switchProduction } from "../registry/switch-production";

const TARGET = { type: "system", label: "deploy target" } as const;

/** The signed body a deploy target (Seldon, KServe, a team's CD) receives. */
export function deployWebhookBody(input: { deploymentId: string; kind: string; model: string; version: { name: string; artifactUri: string | null }; previous: { name: string; artifactUri: string | null } | null }) {
  return JSON.stringify({ type: "deploy.requested", deployment: { id: input.deploymentId, kind: input.kind }, model: input.model, version: input.version, previousVersion: input.previous });
}

/**
 * The deploy job for webhook targets: calls the target with the signed body; a 2xx answer switches
 * production (one transaction, as for built-in deploys), anything else marks the deployment and
 * its request failed. Idempotent: a deployment that is no longer pending is left alone.
 */
export async function deployViaWebhook(db: Database, deploymentId: string): Promise<{ outcome: "succeeded" | "failed" | "skipped" }> {
  const [deployment] = await db.select().from(deployments).where(eq(deployments.id, deploymentId));
  if (!deployment || deployment.status !== "pending") return { outcome: "skipped" };
  const pipeline = await getPipeline(db, deployment.modelId);
  const [model] = await db.select().from(models).where(eq(models.id, deployment.modelId));
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, deployment.versionId));
  const [previous] = deployment.previousVersionId ? await db.select().from(modelVersions).where(eq(modelVersions.id, deployment.previousVersionId)) : [];
  const body = deployWebhookBody({
    deploymentId,
    kind: deployment.kind,
    model: model!.slug,
    version: { name: version!.name, artifactUri: version!.artifactUri },
    previous: previous ? { name: previous.name, artifactUri: previous.artifactUri } : null,
  });

  let failure: string | null = null;
  try {
    if (!pipeline.deployWebhookUrl) throw new Error("no deploy webhook URL is set");
    const response = await fetch(pipeline.deployWebhookUrl, { method: "POST", headers: signWebhook(pipeline.deployWebhookSecret ?? "", body), body, signal: AbortSignal.timeout(env().VIGIL_OUTBOUND_TIMEOUT_MS), redirect: "manual" });
    if (!response.ok) failure = `the deploy target answered ${response.status}`;
  } catch (error) {
    failure = `the deploy target could not be reached: ${error instanceof Error ? error.message : String(error)}`;
  }

  return db.transaction(async (tx) => {
    const [still] = await tx.select().from(deployments).where(and(eq(deployments.id, deploymentId), eq(deployments.status, "pending"))).for("update");
    if (!still) return { outcome: "skipped" as const };
    if (failure) {
      await tx.update(deployments).set({ status: "failed", message: failure, finishedAt: sql`now()` }).where(eq(deployments.id, deploymentId));
      if (still.requestId) await tx.update(deployRequests).set({ status: "failed" }).where(eq(deployRequests.id, still.requestId));
      await writeAudit(tx, TARGET, { action: "deploy.failed", targetType: "deployment", targetId: deploymentId, modelId: still.modelId, details: { version: version!.name, message: failure } });
      return { outcome: "failed" as const };
    }
    await switchProduction(tx, TARGET, { modelId: still.modelId, versionId: still.versionId, kind: still.kind, target: "webhook", requestId: still.requestId, deploymentId });
    if (still.requestId) await tx.update(deployRequests).set({ status: "deployed" }).where(eq(deployRequests.id, still.requestId));
    return { outcome: "succeeded" as const };
  });
}
