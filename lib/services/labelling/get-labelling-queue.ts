import "server-only";
import { ModelRef } from "@/lib/labelling/schemas";
import type { LabellingQueueInfo } from "@/lib/labelling/types";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelForLabelling, loadPolicy } from "./queue";
import { loadSampledGroups } from "../metrics";
import { sampledAccuracyOf } from "@/lib/metrics/sampled-accuracy";
import { ASSUMED_BASELINE } from "@/lib/labelling/planning";

const DAY_MS = 86_400_000;
/** The planning aid's baseline: sampled accuracy over this many days. */
const BASELINE_DAYS = 30;

/** What the labelling page needs to know about a model's queue before it claims anything. */
export async function getLabellingQueue(ctx: ServiceContext, rawInput: unknown, now: Date = new Date()): Promise<LabellingQueueInfo> {
  assertPermission(ctx.actor, "labels.write");
  const input = parseInput(ModelRef, rawInput);
  const model = await findModelForLabelling(ctx, input.model);
  const [policy, groups] = await Promise.all([
    loadPolicy(ctx.db, model.id),
    loadSampledGroups(ctx.db, model, new Date(now.getTime() - BASELINE_DAYS * DAY_MS), now, BASELINE_DAYS * DAY_MS),
  ]);
  const sampled = sampledAccuracyOf(groups);
  return {
    model: { slug: model.slug, name: model.name, task: model.task, classes: model.classes, positiveClass: model.positiveClass },
    showPrediction: policy.showPrediction,
    leaseMinutes: policy.leaseMinutes,
    baseline: sampled ? { value: sampled.value, n: sampled.n, source: "sampled" } : { value: ASSUMED_BASELINE, n: 0, source: "assumed" },
  };
}
