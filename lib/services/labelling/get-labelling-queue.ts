import { ModelRef } from "@/lib/labelling/schemas";
import type { LabellingQueueInfo } from "@/lib/labelling/types";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelForLabelling, loadPolicy } from "./queue";

/** What the labelling page needs to know about a model's queue before it claims anything. */
export async function getLabellingQueue(ctx: ServiceContext, rawInput: unknown): Promise<LabellingQueueInfo> {
  assertPermission(ctx.actor, "labels.write");
  const input = parseInput(ModelRef, rawInput);
  const model = await findModelForLabelling(ctx, input.model);
  const policy = await loadPolicy(ctx.db, model.id);
  return {
    model: { slug: model.slug, name: model.name, task: model.task, classes: model.classes, positiveClass: model.positiveClass },
    showPrediction: policy.showPrediction,
    leaseMinutes: policy.leaseMinutes,
  };
}
