import { ModelRef } from "@/lib/labelling/schemas";
import type { ServiceContext } from "../context";
import { parseInput } from "../validation";
import type { ClaimedItem } from "@/lib/labelling/types";
import { claimantOf, findModelAndPolicyForLabelling, takeItems } from "./queue";

/**
 * The next item for the actor to label, claimed for the model's lease, or null when the queue is
 * empty. A person who already holds a running claim on the model gets that item again (a reload
 * or a second tab shows the same item), its lease renewed. An API key claims as the key's name.
 */
export async function claimNextItem(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<ClaimedItem | null> {
  const input = parseInput(ModelRef, rawInput);
  const { model, policy } = await findModelAndPolicyForLabelling(ctx, input.model);
  const claimant = claimantOf(ctx.actor);
  const [item] = await takeItems(ctx.db, { modelId: model.id, claimant, limit: 1, leaseMinutes: policy.leaseMinutes, showPrediction: policy.showPrediction, now, resume: claimant.kind === "user" });
  return item ?? null;
}
