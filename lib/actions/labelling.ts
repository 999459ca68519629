"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import {
  claimNextItem,
  getLabellingProgress,
  renewClaim,
  setSamplingPolicy,
  skipItem,
  submitLabel,
  undoLastLabel,
  resolveReview,
  addGoldItem,
  startBackfill,
} from "@/lib/services/labelling";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import type { ServiceContext } from "@/lib/services/context";

// The labelling page's actions. Each answers with the next item and the progress figures, so a
// keystroke costs one round trip. Inputs carry `model` (the slug) beside the item's fields.

async function next(ctx: ServiceContext, input: unknown) {
  const item = await claimNextItem(ctx, input);
  return { item, progress: await getLabellingProgress(ctx, input) };
}

export const claimNextItemAction = defineAction("labels.write", next);

export const renewClaimAction = defineAction("labels.write", (ctx, input) => renewClaim(ctx, input));

export const submitLabelAction = defineAction("labels.write", async (ctx, input) => {
  const { duplicate } = await submitLabel(ctx, input);
  return { duplicate, ...(await next(ctx, input)) };
});

export const skipItemAction = defineAction("labels.write", async (ctx, input) => {
  await skipItem(ctx, input);
  return next(ctx, input);
});

export const undoLastLabelAction = defineAction("labels.write", async (ctx, input) => {
  const { item, undone } = await undoLastLabel(ctx, input);
  return { item, undone, progress: await getLabellingProgress(ctx, input) };
});

export const setSamplingPolicyAction = defineAction("labelling.manage", async (ctx, input) => {
  const policy = await setSamplingPolicy(ctx, input);
  const slug = (input as { slug?: unknown }).slug;
  if (typeof slug === "string") revalidatePath(`/models/${slug}/labelling`);
  return policy;
});

export const resolveReviewAction = defineAction("labelling.manage", async (ctx, input) => {
  const resolved = await resolveReview(ctx, input);
  const slug = (input as { slug?: unknown }).slug;
  if (typeof slug === "string") revalidatePath(`/models/${slug}/labelling`);
  return resolved;
});

export const addGoldItemAction = defineAction("labelling.manage", async (ctx, input) => {
  const added = await addGoldItem(ctx, input);
  const slug = (input as { slug?: unknown }).slug;
  if (typeof slug === "string") revalidatePath(`/models/${slug}/labelling`);
  return added;
});

export const startBackfillAction = defineAction("labelling.manage", async (ctx, input) => {
  const backfill = await startBackfill(ctx, input);
  // Now rather than at the next minute; without a queue in this process the schedule runs it.
  await enqueue(QUEUES.labellingBackfills, {});
  const slug = (input as { slug?: unknown }).slug;
  if (typeof slug === "string") revalidatePath(`/models/${slug}/labelling`);
  return backfill;
});
