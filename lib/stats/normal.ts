import { regularizedGammaQ } from "./gamma";

// The standard normal distribution, for the labelling planner.

/**
 * Φ(x) = P(Z ≤ x). Uses erfc(t) = Q(1/2, t²) for t ≥ 0 (the regularized upper incomplete gamma,
 * Abramowitz & Stegun 6.5.17 with 7.1.2), so the tails keep their relative accuracy.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError("x must be a number");
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const tail = 0.5 * regularizedGammaQ(0.5, (x * x) / 2); // P(Z > |x|)
  return x >= 0 ? 1 - tail : tail;
}

// Peter J. Acklam's rational approximation to the normal quantile (relative error < 1.15e-9),
// "An algorithm for computing the inverse normal cumulative distribution function", 2003.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * z such that Φ(z) = p, for 0 < p < 1. Acklam's approximation followed by one Halley step on
 * Φ (the refinement Acklam recommends), which brings it to about 1e-15 relative.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError("p must lie strictly between 0 and 1");
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = tailRatio(q);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / (poly(B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -tailRatio(q);
  }
  // Halley step: e = Φ(x) − p, u = e·√(2π)·e^{x²/2}, x ← x − u / (1 + x·u/2). Work on the
  // smaller tail so Φ's rounding near 1 does not limit the accuracy in the upper tail.
  const e = x <= 0 ? normalCdf(x) - p : 1 - p - normalCdf(-x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  const refined = x - u / (1 + (x * u) / 2);
  return Number.isFinite(refined) ? refined : x;
}

function tailRatio(q: number): number {
  return poly(C, q) / (poly(D, q) * q + 1);
}

/** Horner evaluation of c[0]·t^(k−1) + … + c[k−1]. */
function poly(c: readonly number[], t: number): number {
  let v = 0;
  for (const coefficient of c) v = v * t + coefficient;
  return v;
}
