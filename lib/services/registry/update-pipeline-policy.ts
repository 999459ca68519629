import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { modelPipelines, monitors } from "@/lib/db/schema";
import { UpdatePipelinePolicyInput } from "@/lib/registry/schemas";
import { assertAllowed, type TxContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { writeAudit } from "../audit";
import { getPipeline } from "./get-pipeline";

/**
 * Approvers' and admins' half of a model's pipeline settings: schedule, training window, deploy
 * policy and automatic rollback. It never touches where runs and deploys go, nor their secrets.
 */
export async function updatePipelinePolicy(ctx: TxContext, input: unknown) {
  const rule = { user: "runs.start", key: "admin" } as const;
  assertAllowed(ctx.actor, rule);
  const v = parseInput(UpdatePipelinePolicyInput, input);
  const model = await findModelBySlug(ctx.db, v.model);
  assertAllowed(ctx.actor, rule, model);
  return ctx.db.transaction(async (tx) => {
    const before = await getPipeline(tx, model.id);
    // Only this model's own alerts may roll it back; anything else would never fire (or be a typo).
    if (v.rollbackMonitorId) {
      const known = z.uuid().safeParse(v.rollbackMonitorId).success && (await tx.$count(monitors, and(eq(monitors.id, v.rollbackMonitorId), eq(monitors.modelId, model.id)))) > 0;
      if (!known) throw new ServiceError("invalid_input", "rollbackMonitorId: not a monitor of this model", { rollbackMonitorId: ["Choose one of this model's monitors"] });
    }
    const policy = {
      schedule: v.schedule,
      dataWindowDays: v.dataWindowDays,
      deployPolicy: v.deployPolicy,
      approvalsRequired: v.approvalsRequired,
      autoMargin: v.autoMargin,
      autoMinN: v.autoMinN,
      rollbackMonitorId: v.rollbackMonitorId,
      rollbackWindowMinutes: v.rollbackMonitorId ? (v.rollbackWindowMinutes ?? 60) : null,
    };
    await tx
      .insert(modelPipelines)
      .values({ modelId: model.id, ...policy })
      .onConflictDoUpdate({ target: modelPipelines.modelId, set: { ...policy, updatedAt: sql`now()` } });
    const from = Object.fromEntries(Object.keys(policy).map((k) => [k, before[k as keyof typeof policy]]));
    await writeAudit(tx, ctx.actor, { action: "pipeline.policy_updated", targetType: "model", targetId: model.id, modelId: model.id, details: { from, to: policy } });
    return { slug: model.slug };
  });
}
