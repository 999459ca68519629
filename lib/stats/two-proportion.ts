import { normalCdf } from "./normal";

/**
 * One-sided pooled two-proportion z-test of H1: p₁ < p₂ (a slice's accuracy below the rest's):
 * z = (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p = Φ(z). Null when either group is empty; 1 when
 * the pooled rate is 0 or 1 (no variance: nothing can be lower).
 */
export function twoProportionLowerP(successes1: number, n1: number, successes2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (successes1 + successes2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return 1;
  return normalCdf((successes1 / n1 - successes2 / n2) / Math.sqrt(variance));
}
