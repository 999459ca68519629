import { ModelRef } from "@/lib/labelling/schemas";
import type { ServiceContext } from "../context";
import { parseInput } from "../validation";
import type { ClaimedItem } from "@/lib/labelling/types";
import { claimantOf, findModelForLabelling, loadPolicy, resumeClaim, takeItems } from "./queue";

/**
 * The next item for the actor to label, claimed for the model's lease, or null when the queue is
 * empty. A person who already holds a running claim on the model gets that item again (a reload
 * or a second tab shows the same item), its lease renewed. An API key claims as the key's name.
 */
export async function claimNextItem(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<ClaimedItem | null> {
  const input = parseInput(ModelRef, rawInput);
  const model = await findModelForLabelling(ctx, input.model);
  const claimant = claimantOf(ctx.actor);
  const policy = await loadPolicy(ctx.db, model.id);
  const options = { modelId: model.id, claimant, leaseMinutes: policy.leaseMinutes, showPrediction: policy.showPrediction, now };
  if (claimant.kind === "user") {
    const held = await resumeClaim(ctx.db, options);
    if (held) return held;
  }
  const [item] = await takeItems(ctx.db, { ...options, limit: 1 });
  return item ?? null;
}
