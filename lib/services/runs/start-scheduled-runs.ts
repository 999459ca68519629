import "server-only";
import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { modelPipelines, models } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { latestTick } from "@/lib/registry/cron";
import { systemContext } from "../context";
import { ServiceError } from "../errors";
import { startRetrainRun } from "./start-retrain-run";

/**
 * Runs every minute: each model whose cron schedule ticked since its last scheduled run starts
 * one. The tick is claimed with a conditional update first, so of several workers one starts it.
 */
export async function startScheduledRuns(db: Database, now = new Date()): Promise<number> {
  const scheduled = await db
    .select({ modelId: modelPipelines.modelId, schedule: modelPipelines.schedule, tickAt: modelPipelines.scheduledTickAt, slug: models.slug, createdAt: modelPipelines.updatedAt })
    .from(modelPipelines)
    .innerJoin(models, eq(models.id, modelPipelines.modelId))
    .where(isNotNull(modelPipelines.schedule));
  let started = 0;
  for (const row of scheduled) {
    const tick = latestTick(row.schedule!, now);
    // Only ticks after the schedule was saved: setting a schedule does not start a run at once.
    if (!tick || tick <= row.createdAt || (row.tickAt && tick <= row.tickAt)) continue;
    const claimed = await db
      .update(modelPipelines)
      .set({ scheduledTickAt: tick })
      .where(and(eq(modelPipelines.modelId, row.modelId), or(isNull(modelPipelines.scheduledTickAt), lt(modelPipelines.scheduledTickAt, tick))))
      .returning({ modelId: modelPipelines.modelId });
    if (!claimed.length) continue;
    try {
      if ((await startRetrainRun(systemContext(db, "schedule"), { model: row.slug, trigger: "schedule" })).started) started++;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      console.error(`[vigil] scheduled retrain of ${row.slug} not started: ${error.message}`);
    }
  }
  return started;
}
