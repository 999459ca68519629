import { and, eq } from "drizzle-orm";
import { deployRequests, modelPipelines, models, modelVersions, trainingExamples } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { startRetrainRun } from "@/lib/services/runs/start-retrain-run";
import { runBuiltInTraining } from "@/lib/services/runs/run-built-in-training";
import { executeDeploy } from "@/lib/services/deploys/execute-deploy";
import { getPipeline } from "@/lib/services/registry/get-pipeline";
import { writeAudit } from "@/lib/services/audit/write-audit";
import { EARLY_GROUPS, loadSpamCorpus } from "./spam-corpus";

const DEMO_ACTOR = { type: "system", label: "demo seed" } as const;

/**
 * Makes the demo's spam filter a built-in model: its pipeline (built-in trainer, deploy by one
 * approver, retrain weekly), the earlier SpamAssassin groups as its training examples, and v1
 * trained on them by the real trainer and put in production. Call it after seedDemo and before
 * seedDemoHistory (the history is served by v1). Does nothing once the model has a production
 * version, so it is safe at every start.
 */
export async function seedSpamModel(db: Database, options: { now?: Date } = {}): Promise<{ trained: string | null }> {
  const [spam] = await db.select().from(models).where(eq(models.slug, "spam-filter"));
  if (!spam) return { trained: null };
  const [production] = await db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, spam.id), eq(modelVersions.status, "production")));
  if (production) return { trained: null };

  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(modelPipelines)
      .values({ modelId: spam.id, trainer: "built-in", deployTarget: "built-in", deployPolicy: "approval", approvalsRequired: 1, autoMargin: 0.02, autoMinN: 200, dataWindowDays: 30 })
      .onConflictDoNothing()
      .returning();
    if (created) await writeAudit(tx, DEMO_ACTOR, { action: "pipeline.updated", targetType: "model", targetId: spam.id, modelId: spam.id, details: { trainer: "built-in", deployPolicy: "approval", approvalsRequired: 1 } });
  });
  const early = loadSpamCorpus().filter((m) => EARLY_GROUPS.includes(m.group));
  for (let i = 0; i < early.length; i += 1_000) {
    await db
      .insert(trainingExamples)
      .values(early.slice(i, i + 1_000).map((m) => ({ modelId: spam.id, externalId: m.id, text: m.text, features: m.features, label: m.spam ? "spam" : "ham", source: "SpamAssassin public corpus" })))
      .onConflictDoNothing();
  }

  // v1: the earlier corpus only; its data window ends before the history's first prediction.
  const ctx = systemContext(db, "demo seed");
  const { run } = await startRetrainRun(ctx, { model: "spam-filter", trigger: "manual" });
  const result = await runBuiltInTraining(db, run.id, { now: new Date((options.now ?? new Date()).getTime() - 31 * 86_400_000) });
  if (result.outcome !== "succeeded") throw new Error(`The demo's spam model did not train: ${result.outcome}`);
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(deployRequests).where(eq(deployRequests.id, result.requestId)).for("update");
    if (request?.status !== "pending") return;
    await writeAudit(tx, DEMO_ACTOR, { action: "deploy.approved", targetType: "deploy_request", targetId: request.id, modelId: spam.id, details: { comment: "the demo's first version" } });
    await executeDeploy(tx, DEMO_ACTOR, { request, pipeline: await getPipeline(tx, spam.id) });
  });
  const [v1] = await db.select({ name: modelVersions.name }).from(modelVersions).where(and(eq(modelVersions.modelId, spam.id), eq(modelVersions.status, "production")));
  return { trained: v1?.name ?? null };
}
