import "server-only";
import { LabelsRequest } from "@/lib/labelling/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { LABEL_RULE } from "./queue";
import { recordLabels } from "./record-labels";

export type LabelsResult = { accepted: number; duplicates: number; refused: { itemId: string; reason: string }[] };

/**
 * `POST /api/v1/labelling/labels`: labels from an outside tool, as the key's name, for items the
 * key holds (POST /api/v1/labelling/claim). A malformed body is refused whole (400); each label
 * that cannot be stored is listed with its reason (not claimed, claimed by someone else, expired,
 * another model than `model`).
 */
export async function submitLabels(ctx: ServiceContext, body: unknown, now: Date = new Date()): Promise<LabelsResult> {
  assertAllowed(ctx.actor, LABEL_RULE);
  const input = parseInput(LabelsRequest, body);
  const outcomes = await recordLabels(ctx.db, ctx.actor, input.model === undefined ? input.labels : input.labels.map((l) => ({ ...l, model: input.model })), now);
  return {
    accepted: outcomes.filter((o) => o.outcome === "accepted").length,
    duplicates: outcomes.filter((o) => o.outcome === "duplicate").length,
    refused: outcomes.flatMap((o) => (o.outcome === "refused" ? [{ itemId: o.itemId, reason: o.reason }] : [])),
  };
}
