import "server-only";
import { and, desc, eq, inArray, notInArray } from "drizzle-orm";
import { deployApprovals, deployRequests, models, modelVersions } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { requestingMonitors } from "../monitors";

/** The Actions page: requests waiting for a decision, and the latest decided ones, with approvals so far. */
export async function listDeployRequests(ctx: ServiceContext, options: { decidedLimit?: number } = {}) {
  assertPermission(ctx.actor, "actions.decide");
  const base = ctx.db
    .select({ request: deployRequests, modelSlug: models.slug, modelName: models.name, versionName: modelVersions.name, versionMetrics: modelVersions.metrics })
    .from(deployRequests)
    .innerJoin(models, eq(models.id, deployRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, deployRequests.versionId));
  const waiting = await base.where(inArray(deployRequests.status, ["pending", "deploying"])).orderBy(desc(deployRequests.createdAt)).limit(100);
  const decided = await ctx.db
    .select({ request: deployRequests, modelSlug: models.slug, modelName: models.name, versionName: modelVersions.name, versionMetrics: modelVersions.metrics })
    .from(deployRequests)
    .innerJoin(models, eq(models.id, deployRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, deployRequests.versionId))
    .where(notInArray(deployRequests.status, ["pending", "deploying"]))
    .orderBy(desc(deployRequests.createdAt))
    .limit(options.decidedLimit ?? 30);
  const ids = [...waiting, ...decided].map((r) => r.request.id);
  const approvals = ids.length ? await ctx.db.select().from(deployApprovals).where(and(inArray(deployApprovals.requestId, ids))).orderBy(deployApprovals.at) : [];
  const fromNames = new Map<string, string>();
  const fromIds = [...waiting, ...decided].map((r) => r.request.fromVersionId).filter((id): id is string => Boolean(id));
  if (fromIds.length) for (const v of await ctx.db.select({ id: modelVersions.id, name: modelVersions.name }).from(modelVersions).where(inArray(modelVersions.id, fromIds))) fromNames.set(v.id, v.name);
  const askingMonitors = await requestingMonitors(ctx.db, [...waiting, ...decided].map((r) => r.request.runId));
  const shape = (row: (typeof waiting)[number]) => ({
    id: row.request.id,
    status: row.request.status,
    model: { slug: row.modelSlug, name: row.modelName },
    version: row.versionName,
    from: row.request.fromVersionId ? (fromNames.get(row.request.fromVersionId) ?? null) : null,
    requestedBy: row.request.requestedByLabel,
    requestedById: row.request.requestedBy,
    requestedByMonitor: (row.request.runId && askingMonitors.get(row.request.runId)) || null,
    reason: row.request.reason,
    evaluation: row.request.evaluation,
    approvalsRequired: row.request.approvalsRequired,
    approvals: approvals.filter((a) => a.requestId === row.request.id).map((a) => ({ by: a.userLabel, userId: a.userId, decision: a.decision, comment: a.comment, at: a.at.toISOString() })),
    createdAt: row.request.createdAt.toISOString(),
    decidedAt: row.request.decidedAt?.toISOString() ?? null,
  });
  return { waiting: waiting.map(shape), decided: decided.map(shape) };
}
export type DeployRequestView = Awaited<ReturnType<typeof listDeployRequests>>["waiting"][number];

