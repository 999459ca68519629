import { sql } from "drizzle-orm";
import { labellingSkips } from "@/lib/db/schema";
import { SkipItemInput } from "@/lib/labelling/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { claimantOf } from "./queue";

/**
 * A person passes on an item, with a reason. The item goes back to the queue for everyone else
 * and never comes back to them; skipping it twice records one skip. Reasons are counted per model
 * on its sampling settings page.
 */
export async function skipItem(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<{ skipped: true }> {
  assertPermission(ctx.actor, "labels.write");
  const input = parseInput(SkipItemInput, rawInput);
  const claimant = claimantOf(ctx.actor);
  if (claimant.kind !== "user") throw new ServiceError("forbidden", "Only a person can skip an item.");
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx.execute<{ id: string | number; model_id: string; status: string; claimed_by_user: string | null; claim_expires_at: Date | string | null }>(sql`
      select id, model_id, status, claimed_by_user, claim_expires_at from labelling_items where id = ${input.itemId}::bigint for update`);
    if (!item) throw new ServiceError("not_found", "This item does not exist.");
    if (item.status === "labelled") throw new ServiceError("conflict", "This item has been labelled already, so it cannot be skipped.");
    const heldByOther = item.claimed_by_user !== claimant.id && item.claim_expires_at !== null && new Date(item.claim_expires_at).getTime() > now.getTime();
    if (heldByOther) throw new ServiceError("conflict", "Someone else holds this item now, so it cannot be skipped.");
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
