import { and, eq } from "drizzle-orm";
import { deployments, deployRequests, modelVersions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { startRetrainRun, runBuiltInTraining } from "@/lib/services/runs";
import { executeDeploy } from "@/lib/services/deploys";
import { getPipeline } from "@/lib/services/registry";
import { writeAudit } from "@/lib/services/audit";

/**
 * A seeded built-in model's next version (v1 at first): trained by the real trainer on what the
 * model has (its training examples and labelled predictions, with the data window ending at
 * `now`) and put in production at once, its deploy request approved by the seeding system actor
 * `label`. With `now` given, the deployment is dated then, so the charts mark the deploy where
 * the seeded history has it. Answers the production version's name.
 */
export async function trainAndDeploy(db: Database, slug: string, options: { label: string; now?: Date }): Promise<string | null> {
  const actor = { type: "system", label: options.label } as const;
  const { run } = await startRetrainRun(systemContext(db, options.label), { model: slug, trigger: "manual" });
  const result = await runBuiltInTraining(db, run.id, { now: options.now });
  if (result.outcome !== "succeeded") throw new Error(`The built-in model ${slug} did not train: ${result.outcome}`);
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(deployRequests).where(eq(deployRequests.id, result.requestId)).for("update");
    if (request?.status !== "pending") return;
    await writeAudit(tx, actor, { action: "deploy.approved", targetType: "deploy_request", targetId: request.id, modelId: request.modelId, details: { comment: "the demo's history" } });
    await executeDeploy(tx, actor, { request, pipeline: await getPipeline(tx, request.modelId) });
    if (options.now) {
      await tx.update(deployments).set({ createdAt: options.now, finishedAt: options.now }).where(eq(deployments.requestId, request.id));
      await tx.update(modelVersions).set({ promotedAt: options.now }).where(eq(modelVersions.id, request.versionId));
    }
  });
  const [version] = await db.select({ name: modelVersions.name }).from(modelVersions).where(and(eq(modelVersions.modelId, run.modelId), eq(modelVersions.status, "production")));
  return version?.name ?? null;
}
