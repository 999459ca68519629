import "server-only";
import { desc, eq } from "drizzle-orm";
import { deployments, deployRequests, modelVersions, monitors, retrainRuns } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { findModelBySlug } from "../models";
import { getPipeline, publicPipeline } from "./get-pipeline";
import { requestingMonitors } from "../monitors";

/**
 * The versions page: every version with its lineage, the latest deploy request (with the gate's
 * side-by-side comparison), the model's pipeline settings (without secrets) and the deployments.
 */
export async function getVersionsOverview(ctx: ServiceContext, slug: string) {
  assertPermission(ctx.actor, "models.view");
  const model = await findModelBySlug(ctx.db, slug);
  const versions = await ctx.db
    .select({
      id: modelVersions.id,
      name: modelVersions.name,
      status: modelVersions.status,
      source: modelVersions.source,
      artifactUri: modelVersions.artifactUri,
      metrics: modelVersions.metrics,
      trainingFrom: modelVersions.trainingFrom,
      trainingTo: modelVersions.trainingTo,
      trainingExamples: modelVersions.trainingExamples,
      runId: modelVersions.runId,
      replacesVersionId: modelVersions.replacesVersionId,
      promotedAt: modelVersions.promotedAt,
      createdAt: modelVersions.createdAt,
      runTrigger: retrainRuns.trigger,
    })
    .from(modelVersions)
    .leftJoin(retrainRuns, eq(retrainRuns.id, modelVersions.runId))
    .where(eq(modelVersions.modelId, model.id))
    .orderBy(desc(modelVersions.createdAt));
  const [latestRequest] = await ctx.db.select().from(deployRequests).where(eq(deployRequests.modelId, model.id)).orderBy(desc(deployRequests.createdAt)).limit(1);
  const history = await ctx.db.select().from(deployments).where(eq(deployments.modelId, model.id)).orderBy(desc(deployments.createdAt)).limit(20);
  const names = new Map(versions.map((v) => [v.id, v.name]));
  const askingMonitor = latestRequest?.runId ? ((await requestingMonitors(ctx.db, [latestRequest.runId])).get(latestRequest.runId) ?? null) : null;
  // The automatic rollback's picker offers the model's monitors by name.
  const modelMonitors = await ctx.db.select({ id: monitors.id, name: monitors.name }).from(monitors).where(eq(monitors.modelId, model.id)).orderBy(monitors.name);
  const production = versions.find((v) => v.status === "production") ?? null;
  const lastDeployOfProduction = history.find((d) => d.versionId === production?.id && d.kind === "deploy" && d.status === "succeeded");
  return {
    model: { slug: model.slug, name: model.name, task: model.task },
    versions: versions.map((v) => ({ ...v, replacesName: v.replacesVersionId ? (names.get(v.replacesVersionId) ?? null) : null })),
    production,
    rollbackTo: lastDeployOfProduction?.previousVersionId ? (names.get(lastDeployOfProduction.previousVersionId) ?? null) : null,
    latestRequest: latestRequest ? { ...latestRequest, requestedByMonitor: askingMonitor, versionName: names.get(latestRequest.versionId) ?? "?", fromName: latestRequest.fromVersionId ? (names.get(latestRequest.fromVersionId) ?? null) : null } : null,
    deployments: history.map((d) => ({ ...d, versionName: names.get(d.versionId) ?? "?", previousName: d.previousVersionId ? (names.get(d.previousVersionId) ?? null) : null })),
    pipeline: publicPipeline(await getPipeline(ctx.db, model.id)),
    monitors: modelMonitors,
  };
}
export type VersionsOverview = Awaited<ReturnType<typeof getVersionsOverview>>;
