import "server-only";
import { sql } from "drizzle-orm";
import { labellingSkips } from "@/lib/db/schema";
import { SkipItemInput } from "@/lib/labelling/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { claimantOf } from "./queue";

/**
 * A person passes on an item they hold, with a reason. The item goes back to the queue for
 * everyone else and never comes back to them. Reasons are counted per model on its sampling
 * settings page. Skipping it again records nothing more.
 */
export async function skipItem(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<{ skipped: true }> {
  assertPermission(ctx.actor, "labels.write");
  const input = parseInput(SkipItemInput, rawInput);
  const claimant = claimantOf(ctx.actor);
  if (claimant.kind !== "user") throw new ServiceError("forbidden", "Only a person can skip an item.");
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx.execute<{ id: string | number; model_id: string; slug: string; status: string; claimed_by_user: string | null; claim_expires_at: Date | string | null }>(sql`
      select i.id, i.model_id, m.slug, i.status, i.claimed_by_user, i.claim_expires_at
      from labelling_items i join models m on m.id = i.model_id where i.id = ${input.itemId}::bigint for update of i`);
    if (!item) throw new ServiceError("not_found", "This item does not exist.");
    if (input.model !== undefined && item.slug !== input.model) throw new ServiceError("conflict", "This item belongs to another model, so it was not skipped.");
    if (item.status === "labelled") throw new ServiceError("conflict", "This item has been labelled already, so it cannot be skipped.");
    // Only the holder of a running claim skips: a skip is a judgement on the item, like a label.
    const claimRunning = item.claim_expires_at !== null && new Date(item.claim_expires_at).getTime() > now.getTime();
    if (claimRunning && item.claimed_by_user !== claimant.id) throw new ServiceError("conflict", "Someone else holds this item now, so it cannot be skipped.");
    // The same skip sent again (a double key press, a retried request) changes nothing.
    const [already] = await tx.execute(sql`select 1 from labelling_skips where item_id = ${item.id}::bigint and user_id = ${claimant.id}::uuid`);
    if (already) return { skipped: true as const };
    if (!claimRunning || item.claimed_by_user !== claimant.id) throw new ServiceError("conflict", "You do not hold this item (or your hold on it ran out), so it was not skipped.");
    await tx
      .insert(labellingSkips)
      .values({ itemId: Number(item.id), modelId: item.model_id, userId: claimant.id, reason: input.reason, note: input.note, createdAt: now })
      .onConflictDoNothing();
    await tx.execute(sql`
      update labelling_items set claimed_by_user = null, claimed_at = null, claim_expires_at = null
      where id = ${item.id}::bigint and claimed_by_user = ${claimant.id}::uuid`);
    return { skipped: true as const };
  });
}
