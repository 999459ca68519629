import type { DeployPolicy } from "./constants";

/** Candidate and production scored on the same held-out labels (production null when there is none). */
export type GateComparison = {
  n: number;
  candidate: { accuracy: number; f1: number; auc: number | null };
  production: { accuracy: number; f1: number; auc: number | null } | null;
};

export type GatePolicy = { policy: DeployPolicy; autoMargin: number; autoMinN: number };
export type GateDecision = { deploy: "auto" | "approval"; reason: string };

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * Whether a candidate may deploy without approvers: only under the auto policy, on at least
 * `autoMinN` held-out labels, and when its accuracy beats production's by at least the margin
 * (with no production yet, any candidate on enough labels wins). Everything else waits.
 */
export function decideGate(comparison: GateComparison | null, policy: GatePolicy, allowAuto = true): GateDecision {
  if (policy.policy !== "auto") return { deploy: "approval", reason: "The model's policy asks for approval." };
  if (!allowAuto) return { deploy: "approval", reason: "The trigger proposes this version; an approver decides." };
  if (!comparison) return { deploy: "approval", reason: "No held-out comparison is available." };
  if (comparison.n < policy.autoMinN) {
    return { deploy: "approval", reason: `Only ${comparison.n} held-out labels; the policy needs at least ${policy.autoMinN} to deploy on its own.` };
  }
  if (!comparison.production) return { deploy: "auto", reason: `No version is in production; the candidate scores ${pct(comparison.candidate.accuracy)} on ${comparison.n} labels.` };
  const gain = comparison.candidate.accuracy - comparison.production.accuracy;
  if (gain >= policy.autoMargin) {
    return { deploy: "auto", reason: `The candidate beats production by ${pct(gain)} (margin ${pct(policy.autoMargin)}) on ${comparison.n} labels.` };
  }
  return { deploy: "approval", reason: `The candidate's gain of ${pct(gain)} is below the margin of ${pct(policy.autoMargin)}.` };
}
