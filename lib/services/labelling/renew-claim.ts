import "server-only";
import { sql } from "drizzle-orm";
import { ItemRef } from "@/lib/labelling/schemas";
import { DEFAULT_SAMPLING_POLICY } from "@/lib/labelling/constants";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { claimantOf, claimedBy, LABEL_RULE } from "./queue";

/**
 * Extends the actor's claim on an item by the model's lease, while they work on it. A claim that
 * ran out but that nobody else took is picked up again; one that went to someone else is lost,
 * and the answer says so.
 */
export async function renewClaim(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<{ claimExpiresAt: string }> {
  assertAllowed(ctx.actor, LABEL_RULE);
  const input = parseInput(ItemRef, rawInput);
  const claimant = claimantOf(ctx.actor);
  const scope = ctx.actor.type === "api_key" && ctx.actor.modelIds !== null ? ctx.actor.modelIds : null;
  const [renewed] = await ctx.db.execute<{ claim_expires_at: Date | string }>(sql`
    update labelling_items i set claim_expires_at = ${now.toISOString()}::timestamptz
      + make_interval(mins => coalesce((select lease_minutes from sampling_policies sp where sp.model_id = i.model_id), ${DEFAULT_SAMPLING_POLICY.leaseMinutes}))
    where i.id = ${input.itemId}::bigint and i.status = 'open' and ${claimedBy(claimant)}
      ${scope ? sql`and i.model_id in (${sql.join(scope.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}
    returning i.claim_expires_at`);
  if (renewed) return { claimExpiresAt: new Date(renewed.claim_expires_at).toISOString() };

  const [item] = await ctx.db.execute<{ status: string }>(sql`select status from labelling_items where id = ${input.itemId}::bigint`);
  if (!item) throw new ServiceError("not_found", "This item does not exist.");
  if (item.status === "labelled") throw new ServiceError("conflict", "This item has been labelled already.");
  throw new ServiceError("conflict", "Your claim on this item ran out and someone else holds it now.");
}
