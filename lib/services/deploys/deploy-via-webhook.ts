import "server-only";
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { deployRequests, deployments, modelVersions, models } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { generateRunToken, hashRunToken, signWebhook } from "@/lib/registry/signing";
import { env } from "@/lib/env";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { getPipeline, withOpenSecrets, switchProduction } from "../registry";
import { callOut } from "../outbound";
import { publicBaseUrl } from "@/lib/outbound/public-url";

const TARGET = { type: "system", label: "deploy target" } as const;

/** The signed body a deploy target (Seldon, KServe, a team's CD) receives. */
export function deployWebhookBody(input: {
  deploymentId: string;
  kind: string;
  model: string;
  version: { name: string; artifactUri: string | null };
  previous: { name: string; artifactUri: string | null } | null;
  callback: { url: string; token: string };
}) {
  return JSON.stringify({ type: "deploy.requested", deployment: { id: input.deploymentId, kind: input.kind }, model: input.model, version: input.version, previousVersion: input.previous, callback: input.callback });
}

/** A target that deploys asynchronously answers 202, or 2xx with `{"status": "pending"}`, and calls back. */
function answeredPending(response: { status: number; body: string }): boolean {
  if (response.status === 202) return true;
  try {
    return (JSON.parse(response.body) as { status?: unknown } | null)?.status === "pending";
  } catch {
    return false;
  }
}

/**
 * The deploy job for webhook targets: calls the target with the signed body. A 2xx answer switches
 * production (one transaction, as for built-in deploys); 202 or `{"status": "pending"}` leaves the
 * deployment pending until the target calls back (`POST /api/v1/deployments/{id}/events`);
 * anything else marks the deployment and its request failed. Idempotent: a deployment that is no
 * longer pending, or that the target has accepted, is left alone.
 */
export async function deployViaWebhook(db: Database, deploymentId: string): Promise<{ outcome: "succeeded" | "failed" | "pending" | "skipped" }> {
  const [deployment] = await db.select().from(deployments).where(eq(deployments.id, deploymentId));
  // Ended, or already with a target that answered "pending": a second job must not call it again.
  if (!deployment || deployment.status !== "pending" || deployment.acceptedAt) return { outcome: "skipped" };
  const pipeline = withOpenSecrets(await getPipeline(db, deployment.modelId));
  const [model] = await db.select().from(models).where(eq(models.id, deployment.modelId));
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, deployment.versionId));
  const [previous] = deployment.previousVersionId ? await db.select().from(modelVersions).where(eq(modelVersions.id, deployment.previousVersionId)) : [];
  const { token, hash } = generateRunToken();
  await db.update(deployments).set({ tokenHash: hash }).where(eq(deployments.id, deploymentId));
  const body = deployWebhookBody({
    deploymentId,
    kind: deployment.kind,
    model: model!.slug,
    version: { name: version!.name, artifactUri: version!.artifactUri },
    previous: previous ? { name: previous.name, artifactUri: previous.artifactUri } : null,
    callback: { url: `${publicBaseUrl()}/api/v1/deployments/${deploymentId}/events`, token },
  });

  let failure: string | null = null;
  if (!pipeline.deployWebhookUrl) failure = "no deploy webhook URL is set";
  else {
    const result = await callOut(db, { purpose: "deploy", modelId: deployment.modelId, deploymentId, url: pipeline.deployWebhookUrl, headers: signWebhook(pipeline.deployWebhookSecret ?? "", body), body, timeoutMs: env().VIGIL_OUTBOUND_TIMEOUT_MS });
    // Whatever went wrong (refused address, closed port, an error answer), the page says the same.
    if (!result.ok) failure = `the deploy target: ${result.message}`;
    else if (answeredPending(result.response)) {
      await db.update(deployments).set({ message: "The target is deploying; waiting for its callback.", acceptedAt: sql`now()` }).where(and(eq(deployments.id, deploymentId), eq(deployments.status, "pending")));
      return { outcome: "pending" };
    }
  }
  return settleDeployment(db, deploymentId, failure);
}

/** Ends a pending deployment: production switches on success; the deployment and its request fail otherwise. */
async function settleDeployment(db: Database, deploymentId: string, failure: string | null, message = "") {
  return db.transaction(async (tx) => {
    const [still] = await tx.select().from(deployments).where(and(eq(deployments.id, deploymentId), eq(deployments.status, "pending"))).for("update");
    if (!still) return { outcome: "skipped" as const };
    const [version] = await tx.select({ name: modelVersions.name }).from(modelVersions).where(eq(modelVersions.id, still.versionId));
    if (failure) {
      await tx.update(deployments).set({ status: "failed", message: failure, finishedAt: sql`now()` }).where(eq(deployments.id, deploymentId));
      if (still.requestId) await tx.update(deployRequests).set({ status: "failed" }).where(eq(deployRequests.id, still.requestId));
      await writeAudit(tx, TARGET, { action: "deploy.failed", targetType: "deployment", targetId: deploymentId, modelId: still.modelId, details: { version: version?.name, message: failure } });
      return { outcome: "failed" as const };
    }
    await switchProduction(tx, TARGET, { modelId: still.modelId, versionId: still.versionId, kind: still.kind, target: "webhook", requestId: still.requestId, deploymentId, message });
    if (still.requestId) await tx.update(deployRequests).set({ status: "deployed" }).where(eq(deployRequests.id, still.requestId));
    return { outcome: "succeeded" as const };
  });
}

const DeploymentEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("succeeded"), message: z.string().max(2000).default("") }),
  z.object({ type: z.literal("failed"), message: z.string().min(1).max(2000) }),
]);

/** `POST /api/v1/deployments/{id}/events` from a deploy target that answered "pending", with the deployment's token. */
export async function recordDeploymentEvent(db: Database, deploymentId: string, authorization: string | null, body: unknown) {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) throw new ServiceError("unauthorized", "Send the deployment's token as `Authorization: Bearer <token>`.");
  const [deployment] = /^[0-9a-f-]{36}$/i.test(deploymentId) ? await db.select().from(deployments).where(eq(deployments.id, deploymentId)) : [];
  if (!deployment) throw new ServiceError("not_found", "There is no such deployment.");
  const expected = Buffer.from(deployment.tokenHash ?? "");
  const given = Buffer.from(hashRunToken(token));
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new ServiceError("unauthorized", "This token does not belong to this deployment.");
  const event = parseInput(DeploymentEvent, body);
  if (deployment.status !== "pending") throw new ServiceError("conflict", `This deployment has already ${deployment.status}.`);
  const result = await settleDeployment(db, deploymentId, event.type === "failed" ? `the deploy target reported: ${event.message}` : null, event.type === "succeeded" ? event.message : "");
  if (result.outcome === "skipped") throw new ServiceError("conflict", "This deployment has already ended.");
  return { status: result.outcome };
}
