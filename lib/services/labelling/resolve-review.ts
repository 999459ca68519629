import "server-only";
import { sql } from "drizzle-orm";
import { ResolveReviewInput } from "@/lib/labelling/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";

/**
 * An approver or admin sets the final label of an overlap item whose two labels disagree. The
 * item becomes labelled with it (what sampled accuracy reads); both labels stay in `labels`, so
 * the agreement figures keep them. Audited in the same transaction; a second decision on the
 * same item is refused rather than silently replacing the first.
 */
export async function resolveReview(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<{ itemId: string; label: string }> {
  assertPermission(ctx.actor, "labelling.manage");
  const input = parseInput(ResolveReviewInput, rawInput);
  if (ctx.actor.type !== "user") throw new ServiceError("forbidden", "Only a person can set a final label.");
  const reviewer = ctx.actor.id;
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx.execute<{ id: string; model_id: string; status: string; classes: string[]; slug: string }>(sql`
      select i.id::text, i.model_id, i.status, m.classes, m.slug from labelling_items i join models m on m.id = i.model_id
      where i.id = ${input.itemId}::bigint for update of i`);
    if (!item) throw new ServiceError("not_found", "This item does not exist.");
    if (item.status !== "review") {
      throw new ServiceError("conflict", item.status === "labelled" ? "This item has its final label already." : "This item is not waiting for review.");
    }
    if (!item.classes.includes(input.label)) {
      throw new ServiceError("invalid_input", `The final label must be one of the model's classes: ${item.classes.join(", ")}.`, { label: [`Choose one of ${item.classes.join(", ")}`] });
    }
    const given = await tx.execute<{ annotator: string; label: string }>(sql`
      select annotator, label from labels where item_id = ${item.id}::bigint and undone_at is null order by created_at, id`);
    await tx.execute(sql`
      update labelling_items set status = 'labelled', label = ${input.label}, value = null, labelled_at = ${now.toISOString()}::timestamptz,
        reviewed_by = ${reviewer}::uuid, reviewed_at = ${now.toISOString()}::timestamptz
      where id = ${item.id}::bigint`);
    await writeAudit(tx, ctx.actor, {
      action: "labelling.review_resolved",
      targetType: "labelling_item",
      targetId: item.id,
      modelId: item.model_id,
      details: { labels: given.map((g) => ({ annotator: g.annotator, label: g.label })), final: input.label },
    });
    return { itemId: item.id, label: input.label };
  });
}
