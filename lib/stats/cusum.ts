import { logGamma, regularizedGammaP } from "./gamma";

// Sequential change detection (ADR 0021): Page's CUSUM on hourly evidence. S₀ = 0,
// Sₜ = max(0, Sₜ₋₁ + xₜ), alarm when Sₜ ≥ h. For a rate (accuracy, a class share) xₜ is the hour's
// log-likelihood ratio of "the rate moved by δ" against "it is still the baseline"; for drift it
// is the hour's chi-square statistic less its null mean and a reference value. The average run
// length (hours until an alarm) is computed, not guessed: the Markov chain of Brook & Evans
// (Biometrika 59, 1972) on a grid of the interval [0, h), with the exact distribution of one
// hour's increment. Under no change it is the stated time between false alarms; under the change
// it is the expected detection delay from a fresh start.

/** One value an hour's increment can take, and its probability. */
export type Increment = { value: number; probability: number };

/** Cells of the grid on [0, h): 240 keep the chain's rounding error near 1% at a few solves a second. */
export const CUSUM_GRID_CELLS = 240;
/** Probability mass beyond these standard deviations of a binomial is dropped (and the rest renormalized). */
const BINOMIAL_SPAN_SDS = 9;

/** One CUSUM step: never below zero, so old good news cannot hide new bad news. */
export function cusumStep(statistic: number, increment: number): number {
  return Math.max(0, statistic + increment);
}

function checkRates(...rates: number[]): void {
  for (const p of rates) if (!(p > 0 && p < 1)) throw new RangeError("rates must lie strictly between 0 and 1");
}

/**
 * log L(p1)/L(p0) of `successes` in `trials` Bernoulli draws. Positive evidence points at p1.
 * Sufficient: the order of the draws inside the hour carries no information about the rate.
 */
export function bernoulliLogLikelihoodRatio(successes: number, trials: number, p0: number, p1: number): number {
  checkRates(p0, p1);
  if (!(trials >= 0) || successes < 0 || successes > trials) throw new RangeError("successes must lie between 0 and trials");
  return successes * Math.log(p1 / p0) + (trials - successes) * Math.log((1 - p1) / (1 - p0));
}

/** The distribution of one hour's Bernoulli log-likelihood ratio when `trials` draws have rate `p`. */
export function bernoulliIncrements(trials: number, p: number, p0: number, p1: number): Increment[] {
  checkRates(p, p0, p1);
  if (!(trials >= 1) || !Number.isInteger(trials)) throw new RangeError("trials must be a whole number ≥ 1");
  const sd = Math.sqrt(trials * p * (1 - p));
  const low = Math.max(0, Math.floor(trials * p - BINOMIAL_SPAN_SDS * sd - 1));
  const high = Math.min(trials, Math.ceil(trials * p + BINOMIAL_SPAN_SDS * sd + 1));
  const logChoose = (k: number) => logGamma(trials + 1) - logGamma(k + 1) - logGamma(trials - k + 1);
  const out: Increment[] = [];
  let total = 0;
  for (let k = low; k <= high; k++) {
    const probability = Math.exp(logChoose(k) + k * Math.log(p) + (trials - k) * Math.log(1 - p));
    total += probability;
    out.push({ value: bernoulliLogLikelihoodRatio(k, trials, p0, p1), probability });
  }
  return out.map((i) => ({ value: i.value, probability: i.probability / total }));
}

/**
 * Drift: one hour's Pearson chi-square against the reference's proportions (df = bins − 1) enters
 * as χ² − df − `reference`. Under no drift χ² ~ χ²(df); under drift with chi-square divergence D
 * at `trials` predictions an hour it is non-central with λ = trials·D, here taken by Patnaik's
 * scaled chi-square c·χ²(ν), c = (df + 2λ)/(df + λ), ν = (df + λ)²/(df + 2λ) (same mean and variance).
 * The distribution is cut into `pieces` equal-probability pieces, each at its conditional median.
 */
export function chiSquareIncrements(df: number, reference: number, noncentrality = 0, pieces = 400): Increment[] {
  if (!(df >= 1) || !(noncentrality >= 0) || !Number.isFinite(reference)) throw new RangeError("df must be ≥ 1 and the noncentrality ≥ 0");
  const c = (df + 2 * noncentrality) / (df + noncentrality);
  const nu = (df + noncentrality) ** 2 / (df + 2 * noncentrality);
  const cdf = (x: number) => regularizedGammaP(nu / 2, x / (2 * c));
  const quantile = (q: number) => {
    let [lo, hi] = [0, c * (nu + 20 * Math.sqrt(2 * nu) + 50)];
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (cdf(mid) < q) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return Array.from({ length: pieces }, (_, i) => ({ value: quantile((i + 0.5) / pieces) - df - reference, probability: 1 / pieces }));
}

/**
 * Expected number of steps (hours) from S = 0 until S ≥ h, when each step's increment is drawn
 * from `increments`. States are the grid points 0, w, 2w, … below h (w = h/cells); a step lands on
 * the nearest grid point, and at or past h it ends the run (Q is Toeplitz but for the
 * reflection at 0, so the offsets are computed once). Solves (I − Q)·L = 1 by Gaussian
 * elimination with partial pivoting. Infinity when the chain can never reach h.
 */
export function averageRunLength(increments: readonly Increment[], h: number, cells = CUSUM_GRID_CELLS): number {
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError("h must be a finite number > 0");
  if (!increments.some((i) => i.value > 0 && i.probability > 0)) return Infinity;
  const m = cells;
  const w = h / m;
  // A step from grid point i lands on i + round(value / w): the offsets are shared by every row.
  const offsets = new Map<number, number>();
  for (const { value, probability } of increments) {
    const d = Math.round(value / w);
    offsets.set(d, (offsets.get(d) ?? 0) + probability);
  }
  // a[i] is row i of (I − Q | 1).
  const a = Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m + 1);
    row[i] = 1;
    row[m] = 1;
    for (const [d, probability] of offsets) {
      const j = Math.max(0, i + d);
      if (j < m) row[j] = row[j]! - probability;
    }
    return row;
  });
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]!;
    const d = p[col]!;
    if (Math.abs(d) < 1e-300) return Infinity;
    for (let r = col + 1; r < m; r++) {
      const row = a[r]!;
      const f = row[col]! / d;
      if (f === 0) continue;
      for (let k = col; k <= m; k++) row[k] = row[k]! - f * p[k]!;
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    const row = a[r]!;
    let s = row[m]!;
    for (let k = r + 1; k < m; k++) s -= row[k]! * x[k]!;
    x[r] = s / row[r]!;
  }
  const arl = x[0]!;
  return Number.isFinite(arl) && arl > 0 ? arl : Infinity;
}

/**
 * The smallest threshold h whose average run length under no change is at least `target` steps:
 * bisection on h (the run length grows with h), to 0.5% of h.
 */
export function thresholdForRunLength(noChange: readonly Increment[], target: number, cells = CUSUM_GRID_CELLS): number {
  if (!(target > 1) || !Number.isFinite(target)) throw new RangeError("the target run length must be a finite number > 1");
  let low = 0;
  let high = 1;
  while (averageRunLength(noChange, high, cells) < target) {
    low = high;
    high *= 2;
    if (high > 1e6) throw new RangeError("no threshold reaches that run length");
  }
  // Below 0.001 the CUSUM is already a one-hour test (alarm on any hour of net evidence): stop there.
  while (high - low > 0.005 * high && high > 0.001) {
    const mid = (low + high) / 2;
    if (averageRunLength(noChange, mid, cells) < target) low = mid;
    else high = mid;
  }
  return high;
}
