import { labelsNeededForDrop } from "@/lib/stats/power";

/**
 * The planning aid beside the queue: how many labels a window needs so that a drop in accuracy
 * of `dropPoints` would show, and how far the window's labels are from that. The test behind it
 * is the one-sided two-proportion z-test of lib/stats/power.ts, comparing this window with an
 * earlier one of the same size, at significance 1 − confidence and 80% power.
 */

/** The window sampled accuracy is planned for: the last seven days of predictions. */
export const PLAN_WINDOW_DAYS = 7;
export const PLAN_CONFIDENCES = [0.9, 0.95, 0.99] as const;
export const PLAN_POWER = 0.8;
/** The accuracy planned around when the model has no labels yet. */
export const ASSUMED_BASELINE = 0.9;

export type LabellingPlan = { needed: number; have: number; missing: number; share: number; sentence: string };

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const count = (n: number) => n.toLocaleString("en");

export function labellingPlan(input: { baseline: number; dropPoints: number; confidence: number; have: number; windowDays?: number }): LabellingPlan | null {
  const drop = input.dropPoints / 100;
  if (!(drop > 0 && drop <= input.baseline) || !(input.confidence > 0 && input.confidence < 1)) return null;
  const needed = labelsNeededForDrop({ baselineAccuracy: input.baseline, drop, alpha: 1 - input.confidence, power: PLAN_POWER });
  const days = input.windowDays ?? PLAN_WINDOW_DAYS;
  const missing = Math.max(0, needed - input.have);
  const share = Math.min(1, input.have / needed);
  const goal =
    `To notice accuracy falling ${input.dropPoints} points from ${pct(input.baseline)} with ${pct(input.confidence)} confidence ` +
    `(and an ${pct(PLAN_POWER)} chance of catching it), ${days} days of predictions need ${count(needed)} labels.`;
  const status =
    missing === 0
      ? ` The last ${days} days have ${count(input.have)}: enough.`
      : ` The last ${days} days have ${count(input.have)} (${Math.floor(share * 100)}%): ${count(missing)} more to go.`;
  return { needed, have: input.have, missing, share, sentence: goal + status };
}
