import "server-only";
import { sql } from "drizzle-orm";
import { ModelRef } from "@/lib/labelling/schemas";
import { UNDO_WINDOW_MS } from "@/lib/labelling/constants";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import type { ClaimedItem } from "@/lib/labelling/types";
import { claimantOf, findModelForLabelling, loadPolicy, readClaimedItem } from "./queue";

export type UndoResult = { item: ClaimedItem; undone: { label: string | null; value: number | null } };

/**
 * Takes back the person's latest label on the model, if they gave it less than a minute ago. The
 * label stays in `labels`, marked undone; the item is open again and claimed by the same person,
 * who gets it back at once (any other item they held on the model returns to the queue).
 */
export async function undoLastLabel(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<UndoResult> {
  assertPermission(ctx.actor, "labels.write");
  const input = parseInput(ModelRef, rawInput);
  const model = await findModelForLabelling(ctx, input.model);
  const claimant = claimantOf(ctx.actor);
  const policy = await loadPolicy(ctx.db, model.id);
  const at = now.toISOString();

  return ctx.db.transaction(async (tx) => {
    const [last] = await tx.execute<{ id: string; item_id: string | number; label: string | null; value: number | null; created_at: Date | string }>(sql`
      select id, item_id, label, value, created_at from labels
      where user_id = ${claimant.id}::uuid and model_id = ${model.id}::uuid and undone_at is null
      order by created_at desc, id desc limit 1
      for update`);
    if (!last) throw new ServiceError("conflict", "There is no label of yours to undo on this model.");
    if (now.getTime() - new Date(last.created_at).getTime() > UNDO_WINDOW_MS) {
      throw new ServiceError("conflict", "Your last label is more than a minute old, so it can no longer be undone.");
    }
    // An approver's final label on a disagreement stands: the labels behind it are settled.
    const [settled] = await tx.execute<{ reviewed: boolean }>(sql`
      select reviewed_at is not null as reviewed from labelling_items where id = ${last.item_id}::bigint for update`);
    if (settled?.reviewed) throw new ServiceError("conflict", "An approver has set this item's final label already, so your label can no longer be undone.");
    const expires = new Date(now.getTime() + policy.leaseMinutes * 60_000).toISOString();
    await tx.execute(sql`update labels set undone_at = ${at}::timestamptz where id = ${last.id}`);
    // One item in hand at a time: whatever else the person held on this model goes back.
    await tx.execute(sql`
      update labelling_items set claimed_by_user = null, claimed_at = null, claim_expires_at = null
      where model_id = ${model.id}::uuid and status = 'open' and claimed_by_user = ${claimant.id}::uuid and id <> ${last.item_id}::bigint`);
    await tx.execute(sql`
      update labelling_items set status = 'open', label = null, value = null, labelled_at = null,
        claimed_by_user = ${claimant.id}::uuid, claimed_by_key = null, claimed_at = ${at}::timestamptz, claim_expires_at = ${expires}::timestamptz
      where id = ${last.item_id}::bigint`);
    const item = await readClaimedItem(tx, String(last.item_id), policy.showPrediction);
    if (!item) throw new ServiceError("not_found", "The prediction of this item no longer exists.");
    return { item, undone: { label: last.label, value: last.value } };
  });
}
