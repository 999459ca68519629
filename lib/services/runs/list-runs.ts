import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import { modelVersions, retrainRuns, runLogs } from "@/lib/db/schema";
import { assertAllowed, type ServiceContext } from "../context";
import { findModelBySlug } from "../models";
import { monitorRefs } from "../monitors";

/** A model's latest runs, each with its newest log lines and the version it made; for the runs page's polling. */
export async function listRuns(ctx: ServiceContext, slug: string, options: { limit?: number; logLines?: number } = {}) {
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
  const runs = await ctx.db
    .select({
      id: retrainRuns.id,
      status: retrainRuns.status,
      trigger: retrainRuns.trigger,
      trainer: retrainRuns.trainer,
      requestedBy: retrainRuns.requestedByLabel,
      progress: retrainRuns.progress,
      message: retrainRuns.message,
      attempts: retrainRuns.attempts,
      error: retrainRuns.error,
      alertId: retrainRuns.alertId,
      monitorId: retrainRuns.monitorId,
      createdAt: retrainRuns.createdAt,
      startedAt: retrainRuns.startedAt,
      finishedAt: retrainRuns.finishedAt,
    })
    .from(retrainRuns)
    .where(eq(retrainRuns.modelId, model.id))
    .orderBy(desc(retrainRuns.createdAt))
    .limit(Math.min(options.limit ?? 20, 100));
  const ids = runs.map((r) => r.id);
  const logs = ids.length ? await ctx.db.select().from(runLogs).where(inArray(runLogs.runId, ids)).orderBy(desc(runLogs.id)).limit(ids.length * (options.logLines ?? 30)) : [];
  const versions = ids.length ? await ctx.db.select({ runId: modelVersions.runId, name: modelVersions.name }).from(modelVersions).where(inArray(modelVersions.runId, ids)) : [];
  const monitorsById = await monitorRefs(ctx.db, runs.map((r) => r.monitorId));
  return {
    model: { slug: model.slug, name: model.name },
    runs: runs.map(({ monitorId, ...r }) => ({
      ...r,
      monitor: (monitorId && monitorsById.get(monitorId)) || null,
      version: versions.find((v) => v.runId === r.id)?.name ?? null,
      logs: logs
        .filter((l) => l.runId === r.id)
        .slice(0, options.logLines ?? 30)
        .reverse()
        .map((l) => ({ at: l.at.toISOString(), level: l.level, message: l.message })),
    })),
  };
}
export type RunsList = Awaited<ReturnType<typeof listRuns>>;
