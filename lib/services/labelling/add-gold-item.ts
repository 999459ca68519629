import "server-only";
import { sql } from "drizzle-orm";
import { AddGoldItemInput } from "@/lib/labelling/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { quoteInput, ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { findModelBySlug } from "../models";

/**
 * Makes a stored prediction a gold item: its known answer is kept, and the item goes into the
 * queue for every annotator once, mixed in among the sampled items. A prediction already in the
 * labelling sample is refused, so the sample stays as drawn (and its label counts for the model).
 */
export async function addGoldItem(ctx: ServiceContext, rawInput: unknown): Promise<{ itemId: string }> {
  assertPermission(ctx.actor, "labelling.manage");
  const input = parseInput(AddGoldItemInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const model = await findModelBySlug(tx, input.slug);
    if (model.task === "regression") throw new ServiceError("invalid_input", "Gold items are for classifiers: a regression model has no classes.", { label: ["Gold items are for classifiers"] });
    if (!model.classes.includes(input.label)) {
      throw new ServiceError("invalid_input", `The known answer must be one of the model's classes: ${model.classes.join(", ")}.`, { label: [`Choose one of ${model.classes.join(", ")}`] });
    }
    const [prediction] = await tx.execute<{ id: string; predicted_at: Date | string }>(sql`
      select id::text, predicted_at from predictions where model_id = ${model.id}::uuid and external_id = ${input.predictionId}`);
    if (!prediction) throw new ServiceError("not_found", `This model has no prediction with the id ${quoteInput(input.predictionId)}.`, { predictionId: ["No prediction of this model has this id"] });
    const [created] = await tx.execute<{ id: string }>(sql`
      insert into labelling_items (id, model_id, predicted_at, stratum, inclusion_probability, gold_label)
      values (${prediction.id}::bigint, ${model.id}::uuid, ${new Date(prediction.predicted_at).toISOString()}::timestamptz, 'gold', 1, ${input.label})
      on conflict (id) do update set gold_label = excluded.gold_label where labelling_items.gold_label is not null
      returning id::text`);
    if (!created) {
      throw new ServiceError("conflict", "This prediction is in the labelling sample already: choose another, so the sample stays as drawn.", { predictionId: ["Already in the labelling sample"] });
    }
    await writeAudit(tx, ctx.actor, {
      action: "labelling.gold_added",
      targetType: "labelling_item",
      targetId: created.id,
      modelId: model.id,
      details: { predictionId: input.predictionId, label: input.label },
    });
    return { itemId: created.id };
  });
}
