import { sql } from "drizzle-orm";
import { modelPipelines } from "@/lib/db/schema";
import { UpdatePipelineInput } from "@/lib/registry/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models/find-model";
import { writeAudit } from "../audit/write-audit";
import { getPipeline, publicPipeline } from "./get-pipeline";

/** Saves how a model retrains and deploys. Blank secrets keep the stored ones; the audit row never holds a secret. */
export async function updatePipeline(ctx: ServiceContext, input: unknown) {
  assertPermission(ctx.actor, "runs.start");
  const v = parseInput(UpdatePipelineInput, input);
  const model = await findModelBySlug(ctx.db, v.model);
  return ctx.db.transaction(async (tx) => {
    const before = await getPipeline(tx, model.id);
    const trainerConfig: Record<string, string> =
      v.trainer === "prefect" ? { apiUrl: v.prefectApiUrl!, deploymentId: v.prefectDeploymentId! } : v.trainer === "webhook" ? { url: v.webhookUrl! } : {};
    const values = {
      trainer: v.trainer,
      trainerConfig,
      trainerSecret: v.trainerSecret ?? before.trainerSecret,
      schedule: v.schedule,
      dataWindowDays: v.dataWindowDays,
      deployTarget: v.deployTarget,
      deployWebhookUrl: v.deployTarget === "webhook" ? v.deployWebhookUrl : null,
      deployWebhookSecret: v.deployWebhookSecret ?? before.deployWebhookSecret,
      deployPolicy: v.deployPolicy,
      approvalsRequired: v.approvalsRequired,
      autoMargin: v.autoMargin,
      autoMinN: v.autoMinN,
      rollbackMonitorId: v.rollbackMonitorId,
      rollbackWindowMinutes: v.rollbackMonitorId ? (v.rollbackWindowMinutes ?? 60) : null,
      updatedAt: sql`now()`,
    };
    const [saved] = await tx.insert(modelPipelines).values({ modelId: model.id, ...values }).onConflictDoUpdate({ target: modelPipelines.modelId, set: values }).returning();
    const shown = publicPipeline(saved!);
    await writeAudit(tx, ctx.actor, {
      action: "pipeline.updated",
      targetType: "model",
      targetId: model.id,
      modelId: model.id,
      details: { ...shown, updatedAt: undefined, secretsChanged: Boolean(v.trainerSecret || v.deployWebhookSecret) },
    });
    return { slug: model.slug, pipeline: shown };
  });
}
