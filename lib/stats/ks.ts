import { sortedFinite } from "./sample";
import { cdfOf, sketchKsStatistic, type QuantileSketch } from "./quantile-sketch";

// Two-sample Kolmogorov–Smirnov test (DESIGN.md: numeric feature drift, D with its asymptotic
// p-value).

export interface KsResult {
  /** D = sup |F_a − F_b| over the empirical CDFs. */
  d: number;
  /** Asymptotic p-value (Kolmogorov distribution with Stephens' small-sample correction). */
  pValue: number;
  n: number;
  m: number;
}

/**
 * D = sup_x |F_a(x) − F_b(x)|, exact: the sup is attained at a sample value, so it is enough to
 * compare the two empirical CDFs after each distinct value of the merged sorted samples. All
 * copies of a tied value are consumed (from both samples) before comparing, which is what makes
 * ties correct. Non-finite values are ignored; null when either sample is then empty.
 */
export function ksStatistic(a: readonly number[], b: readonly number[]): number | null {
  const x = sortedFinite(a);
  const y = sortedFinite(b);
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return null;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const t = Math.min(x[i] as number, y[j] as number);
    while (i < n && x[i] === t) i++;
    while (j < m && y[j] === t) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  // Once one sample is used up its CDF is 1 and the other's only climbs towards 1: no larger gap.
  return d;
}

/**
 * Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the Kolmogorov survival function.
 *
 * For λ < 1.18 the alternating series converges slowly, so there we use the equivalent
 * Jacobi-theta form Q = 1 − (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} (as Numerical Recipes 3rd ed.,
 * §6.14 does). Both forms need only a few terms in their region.
 */
export function kolmogorovQ(lambda: number): number {
  if (Number.isNaN(lambda)) throw new RangeError("lambda must be a number");
  // Below 0.05 the first neglected quantity is e^{−π²/(8λ²)} < 1e−200: Q is 1 to double precision,
  // and skipping the formula avoids 0 · ∞ for a subnormal λ.
  if (lambda < 0.05) return 1;
  if (lambda < 1.18) {
    const factor = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let series = 0;
    for (let k = 1; k <= 20; k++) {
      const term = Math.exp(factor * (2 * k - 1) * (2 * k - 1));
      series += term;
      if (term < 1e-17 * series) break;
    }
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * series);
  }
  const a2 = -2 * lambda * lambda;
  let total = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = sign * 2 * Math.exp(a2 * k * k);
    total += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(total) || term === 0) break;
    sign = -sign;
  }
  return clamp01(total);
}

/**
 * Asymptotic p-value of D for sample sizes n and m, in Numerical Recipes' form (Press et al.,
 * 2nd ed. §14.3, `kstwo`/`probks`): n_e = nm/(n+m), λ = (√n_e + 0.12 + 0.11/√n_e)·D, p = Q_KS(λ).
 * The 0.12 + 0.11/√n_e term is Stephens' (1970) correction, which makes the asymptotic formula
 * usable from n_e ≈ 4. Clamped to [0, 1]. Throws for D outside [0, 1] or sizes below 1.
 */
export function ksPValue(d: number, n: number, m: number): number {
  if (!(d >= 0 && d <= 1)) throw new RangeError("d must lie in [0, 1]");
  if (!(n >= 1 && m >= 1 && Number.isFinite(n) && Number.isFinite(m))) throw new RangeError("n and m must be at least 1");
  const ne = (n * m) / (n + m);
  const root = Math.sqrt(ne);
  return kolmogorovQ((root + 0.12 + 0.11 / root) * d);
}

export function ksTest(a: readonly number[], b: readonly number[]): KsResult | null {
  const d = ksStatistic(a, b);
  if (d === null) return null;
  const n = a.filter(Number.isFinite).length;
  const m = b.filter(Number.isFinite).length;
  return { d, pValue: ksPValue(d, n, m), n, m };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * KS from two sketches (quantile-sketch.ts): D from their CDFs, p from D and the sketches' exact
 * counts. Equals ksTest() on the raw values when both sketches are exact (few distinct values).
 */
export function ksFromSketches(a: QuantileSketch | null, b: QuantileSketch | null): KsResult | null {
  if (!a || !b || a.n === 0 || b.n === 0) return null;
  const d = sketchKsStatistic(cdfOf(a), cdfOf(b));
  return { d, pValue: ksPValue(d, a.n, b.n), n: a.n, m: b.n };
}
