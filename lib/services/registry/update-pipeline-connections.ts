import "server-only";
import { eq, sql } from "drizzle-orm";
import { modelPipelines } from "@/lib/db/schema";
import { UpdatePipelineConnectionsInput } from "@/lib/registry/schemas";
import { sealSecret } from "@/lib/secrets/key";
import { sealContext } from "@/lib/secrets/stored-secrets";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { writeAudit } from "../audit";
import { assertDestinations } from "../outbound";
import { getPipeline } from "./get-pipeline";

/** What became of a stored secret in one change. */
export type SecretChange = "replaced" | "kept" | "cleared" | "none";

/** Where a secret goes: its kind and URL (normalised, so `HTTPS://Host/` equals `https://host/`), or nowhere. */
function destination(kind: string, url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return `${kind} ${new URL(url).href}`;
  } catch {
    return `${kind} ${url}`;
  }
}

/** A new secret replaces; none keeps the stored one only when it would go exactly where it went before. */
function nextSecret(given: string | null, stored: string | null, before: string | null, after: string | null): { keep: boolean; change: SecretChange } {
  if (given && after) return { keep: false, change: "replaced" };
  if (!stored) return { keep: false, change: "none" };
  if (after !== null && after === before) return { keep: true, change: "kept" };
  return { keep: false, change: "cleared" };
}

/** A URL as the audit log (read by approvers) keeps it: without its query, where receivers put tokens. */
function auditedUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

/**
 * Admins' half of a model's pipeline settings: the trainer and deploy target, their URLs and
 * secrets. Each URL must be one Vigil may call. Changing where a secret goes clears it unless the
 * same change brings a new one, so nobody can point a stored key at a server of their own.
 */
export async function updatePipelineConnections(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "integrations.manage");
  const v = parseInput(UpdatePipelineConnectionsInput, input);
  const model = await findModelBySlug(ctx.db, v.model);
  const trainerConfig: Record<string, string> =
    v.trainer === "prefect" ? { apiUrl: v.prefectApiUrl!, deploymentId: v.prefectDeploymentId! } : v.trainer === "webhook" ? { url: v.webhookUrl! } : {};
  const deployWebhookUrl = v.deployTarget === "webhook" ? v.deployWebhookUrl : null;
  await assertDestinations(v.trainer === "prefect" ? { prefectApiUrl: trainerConfig.apiUrl, deployWebhookUrl } : { webhookUrl: trainerConfig.url, deployWebhookUrl });

  return ctx.db.transaction(async (tx) => {
    // The row is locked so that two admins saving at once cannot each keep a secret the other moved.
    await tx.select({ id: modelPipelines.modelId }).from(modelPipelines).where(eq(modelPipelines.modelId, model.id)).for("update");
    const before = await getPipeline(tx, model.id);
    const trainer = nextSecret(
      v.trainerSecret,
      before.trainerSecret,
      destination(before.trainer, before.trainerConfig.apiUrl ?? before.trainerConfig.url),
      destination(v.trainer, trainerConfig.apiUrl ?? trainerConfig.url),
    );
    const deploy = nextSecret(
      v.deployWebhookSecret,
      before.deployWebhookSecret,
      destination(before.deployTarget, before.deployWebhookUrl),
      destination(v.deployTarget, deployWebhookUrl),
    );
    const connections = {
      trainer: v.trainer,
      trainerConfig,
      trainerSecret: trainer.keep ? before.trainerSecret : trainer.change === "replaced" ? sealSecret(v.trainerSecret!, sealContext("trainerSecret", model.id)) : null,
      deployTarget: v.deployTarget,
      deployWebhookUrl,
      deployWebhookSecret: deploy.keep ? before.deployWebhookSecret : deploy.change === "replaced" ? sealSecret(v.deployWebhookSecret!, sealContext("deployWebhookSecret", model.id)) : null,
    };
    await tx
      .insert(modelPipelines)
      .values({ modelId: model.id, ...connections })
      .onConflictDoUpdate({ target: modelPipelines.modelId, set: { ...connections, updatedAt: sql`now()` } });
    const secrets = { trainerSecret: trainer.change, deployWebhookSecret: deploy.change };
    await writeAudit(tx, ctx.actor, {
      action: "pipeline.connections_updated",
      targetType: "model",
      targetId: model.id,
      modelId: model.id,
      details: {
        from: { trainer: before.trainer, trainerUrl: auditedUrl(before.trainerConfig.apiUrl ?? before.trainerConfig.url), deployTarget: before.deployTarget, deployWebhookUrl: auditedUrl(before.deployWebhookUrl) },
        to: { trainer: v.trainer, trainerUrl: auditedUrl(trainerConfig.apiUrl ?? trainerConfig.url), deployTarget: v.deployTarget, deployWebhookUrl: auditedUrl(deployWebhookUrl) },
        secrets,
      },
    });
    return { slug: model.slug, secrets };
  });
}
