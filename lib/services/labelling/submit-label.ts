import "server-only";
import { SubmitLabelInput } from "@/lib/labelling/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { LABEL_RULE } from "./queue";
import { recordLabels } from "./record-labels";

/**
 * One label from the labelling page: a class of the model for classifiers, a number for
 * regression. Sending the same label again counts once (`duplicate`); a label for an item that
 * someone else holds, or that someone else labelled, is refused with a message that says so.
 */
export async function submitLabel(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<{ duplicate: boolean }> {
  assertAllowed(ctx.actor, LABEL_RULE);
  const input = parseInput(SubmitLabelInput, rawInput);
  const [outcome] = await recordLabels(ctx.db, ctx.actor, [input], now);
  if (outcome!.outcome === "refused") throw new ServiceError(outcome!.code, outcome!.message);
  return { duplicate: outcome!.outcome === "duplicate" };
}
