import "server-only";
import { sql } from "drizzle-orm";
import { labellingBackfills } from "@/lib/db/schema";
import { StartBackfillInput } from "@/lib/labelling/schemas";
import type { BackfillView } from "@/lib/labelling/types";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { findModelBySlug } from "../models";
import { toBackfillView } from "./get-backfill";

/**
 * Starts sampling a past range of the model's predictions under its current policy. The work is
 * done in chunks by the labelling-backfill job (run-backfills.ts); this records the request, with
 * the number of predictions in the range for the progress bar, and audits it. One backfill runs
 * per model at a time (a unique index decides between two clicks).
 */
export async function startBackfill(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<BackfillView> {
  assertPermission(ctx.actor, "labelling.manage");
  const input = parseInput(StartBackfillInput, rawInput);
  if (input.from.getTime() > now.getTime()) throw new ServiceError("invalid_input", "from: must be in the past", { from: ["must be in the past"] });
  return ctx.db.transaction(async (tx) => {
    const model = await findModelBySlug(tx, input.slug);
    const [counted] = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from predictions
      where model_id = ${model.id}::uuid and predicted_at >= ${input.from.toISOString()}::timestamptz and predicted_at < ${input.to.toISOString()}::timestamptz`);
    const [row] = await tx
      .insert(labellingBackfills)
      .values({ modelId: model.id, rangeFrom: input.from, rangeTo: input.to, total: counted?.n ?? 0, requestedBy: ctx.actor.type === "user" ? ctx.actor.id : null, createdAt: now })
      .onConflictDoNothing({ target: labellingBackfills.modelId, where: sql`status = 'running'` })
      .returning();
    if (!row) throw new ServiceError("conflict", "A backfill of this model is running already; wait for it to finish.");
    await writeAudit(tx, ctx.actor, {
      action: "labelling.backfill_started",
      targetType: "labelling_backfill",
      targetId: row.id,
      modelId: model.id,
      details: { from: input.from.toISOString(), to: input.to.toISOString(), predictions: row.total },
    });
    return toBackfillView(row);
  });
}
