import { normalQuantile } from "./normal";

export { normalCdf, normalQuantile } from "./normal";

// The labelling planner: how many labels each window needs to notice an accuracy drop.

export interface LabelsNeededInput {
  /** Accuracy in the reference window, p1, in (0, 1]. */
  baselineAccuracy: number;
  /** The fall in accuracy to detect: p2 = p1 − drop, with 0 < drop ≤ p1. */
  drop: number;
  /** One-sided significance level, in (0, 1). */
  alpha?: number;
  /** Probability of detecting the drop when it is real, in (0, 1). */
  power?: number;
}

/**
 * Labels per window (two windows of equal size) for a one-sided two-proportion z-test of
 * H0: p1 = p2 against p2 < p1, at level α with power 1 − β:
 *
 *   n = ( z_{1−α}·√(2·p̄(1−p̄)) + z_{1−β}·√(p1(1−p1) + p2(1−p2)) )² / (p1 − p2)²,  p̄ = (p1 + p2)/2
 *
 * the normal-approximation formula without continuity correction (Fleiss, Levin & Paik,
 * Statistical Methods for Rates and Proportions, 3rd ed. §4.2; Chow, Shao & Wang, Sample Size
 * Calculations in Clinical Research, §4.2). Rounded up; a value within 1e-9 of an integer is
 * taken as that integer, so rounding noise cannot add a label. At least 1; capped at
 * Number.MAX_SAFE_INTEGER for drops too small to detect.
 */
export function labelsNeededForDrop({ baselineAccuracy, drop, alpha = 0.05, power = 0.8 }: LabelsNeededInput): number {
  const p1 = baselineAccuracy;
  if (!(p1 > 0 && p1 <= 1)) throw new RangeError("baselineAccuracy must lie in (0, 1]");
  if (!(drop > 0 && drop <= p1)) throw new RangeError("drop must lie in (0, baselineAccuracy]");
  if (!(alpha > 0 && alpha < 1)) throw new RangeError("alpha must lie in (0, 1)");
  if (!(power > 0 && power < 1)) throw new RangeError("power must lie in (0, 1)");
  const p2 = Math.max(0, p1 - drop);
  const pBar = (p1 + p2) / 2;
  const zAlpha = normalQuantile(1 - alpha);
  const zBeta = normalQuantile(power);
  const root = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  // A drop too small to represent (p1 − p2 rounds to 0) or ever detect: cap instead of ∞.
  if (!(p1 - p2 > 0)) return Number.MAX_SAFE_INTEGER;
  // α ≥ ½ together with power ≤ ½ can make the root ≤ 0: the formula has no meaning there and
  // any sample will do, so one label each.
  if (!(root > 0)) return 1;
  const ratio = root / (p1 - p2);
  const n = ratio * ratio;
  if (!(n < Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.ceil(n - 1e-9));
}
