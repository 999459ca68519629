// Wilson score interval for a proportion (E. B. Wilson, JASA 1927; the form in Agresti & Coull,
// "Approximate is better than exact", Am. Stat. 1998):
//
//   centre = (p + z²/2n) / (1 + z²/n)
//   half   = z / (1 + z²/n) · √( p(1−p)/n + z²/4n² )
//
// Chosen over the Wald interval because it stays inside [0, 1] and behaves at p = 0 or 1 and at
// small n, which is where a labelling sample usually is.

export interface ProportionEstimate {
  /** The point estimate: successes / n (not the interval's centre). */
  value: number;
  low: number;
  high: number;
  /** The n the interval was computed with (for a weighted estimate, the effective n). */
  n: number;
}

const TOLERANCE = 1e-9;

/**
 * Wilson interval for `successes` out of `n` at normal quantile `z` (1.96 for 95%).
 *
 * `successes` and `n` need not be integers: a weighted estimate passes p̂·n_eff and n_eff, where
 * n_eff is an *effective* sample size (Kish's, see weighted-proportion.ts). The interval then has
 * the width a simple random sample of n_eff items would give, which is an approximation that is
 * good when the weights are not wildly unequal.
 *
 * Returns null for n = 0 (no data, no figure). Throws for negative n, successes outside [0, n]
 * or a non-positive z.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): ProportionEstimate | null {
  if (!Number.isFinite(n) || n < 0) throw new RangeError("n must be a finite, non-negative number");
  // z² must be finite too: a z past 1e154 (no quantile anyone asks for) would make the formula ∞/∞.
  if (!Number.isFinite(z) || z <= 0 || !Number.isFinite(z * z)) throw new RangeError("z must be a finite, positive number");
  if (!Number.isFinite(successes) || successes < -TOLERANCE * n || successes > n * (1 + TOLERANCE)) {
    throw new RangeError("successes must lie between 0 and n");
  }
  if (n === 0) return null;

  const p = clamp01(successes / n);
  // The formula above multiplied through by n, which keeps it finite for any n > 0, however
  // small (a tiny effective n) or large.
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (n * p + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt(n * p * (1 - p) + z2 / 4);
  // Rounding can push an end a hair past p when p is 0 or 1; the interval must contain p.
  return { value: p, low: Math.min(p, clamp01(centre - half)), high: Math.max(p, clamp01(centre + half)), n };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
