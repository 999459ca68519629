import "server-only";
import { ModelRef } from "@/lib/labelling/schemas";
import type { ServiceContext } from "../context";
import { parseInput } from "../validation";
import type { ClaimedItem } from "@/lib/labelling/types";
import { GOLD_MIX_SHARE } from "@/lib/labelling/constants";
import { claimantOf, findModelAndPolicyForLabelling, takeItems } from "./queue";

/**
 * The next item for the actor to label, claimed for the model's lease, or null when the queue is
 * empty. A person who already holds a running claim on the model gets that item again (a reload
 * or a second tab shows the same item), its lease renewed. An API key claims as the key's name
 * and never gets gold items (they measure people).
 */
export async function claimNextItem(ctx: ServiceContext, rawInput: unknown, now: Date = new Date(), random: () => number = Math.random): Promise<ClaimedItem | null> {
  const input = parseInput(ModelRef, rawInput);
  const { model, policy } = await findModelAndPolicyForLabelling(ctx, input.model);
  const claimant = claimantOf(ctx.actor);
  const options = { modelId: model.id, claimant, limit: 1, leaseMinutes: policy.leaseMinutes, showPrediction: policy.showPrediction, now, resume: claimant.kind === "user" };
  // Gold items come in among the others, one claim in GOLD_MIX_SHARE, so an annotator cannot
  // tell them apart by their place in the queue; after the person's running claim, if any.
  if (claimant.kind === "user" && random() < GOLD_MIX_SHARE) {
    const [gold] = await takeItems(ctx.db, { ...options, gold: true });
    if (gold) return gold;
  }
  const [item] = await takeItems(ctx.db, options);
  return item ?? null;
}
