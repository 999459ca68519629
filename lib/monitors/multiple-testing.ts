// Corrections for testing many features at once (a monitor over all features): without one, a
// model with 40 features and α = 0.05 expects two "significant" drifts on a perfectly still day.

export type Correction = "bonferroni" | "benjamini-hochberg";
export type CorrectedTests = { adjusted: number[]; rejected: boolean[] };

/** Bonferroni: reject p ≤ α/m (the adjusted p-value is min(1, m·p)); controls the family-wise error. */
export function bonferroni(pValues: number[], alpha: number): CorrectedTests {
  const m = pValues.length;
  const adjusted = pValues.map((p) => Math.min(1, p * m));
  return { adjusted, rejected: adjusted.map((q) => q <= alpha) };
}

/**
 * Benjamini–Hochberg step-up: with p sorted ascending, reject the k smallest for the largest k with
 * p(k) ≤ (k/m)·α; controls the false discovery rate. Adjusted p-values (q-values) are
 * q(i) = min over j ≥ i of m·p(j)/j, capped at 1, so "q ≤ α" rejects exactly the same set.
 */
export function benjaminiHochberg(pValues: number[], alpha: number): CorrectedTests {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1]!;
    running = Math.min(running, (m * p) / rank);
    adjusted[i] = Math.min(1, running);
  }
  return { adjusted, rejected: adjusted.map((q) => q <= alpha) };
}

export function correct(method: Correction, pValues: number[], alpha: number): CorrectedTests {
  if (!pValues.every((p) => p >= 0 && p <= 1)) throw new RangeError("p-values must lie in [0, 1]");
  if (!(alpha > 0 && alpha < 1)) throw new RangeError("alpha must lie in (0, 1)");
  return method === "bonferroni" ? bonferroni(pValues, alpha) : benjaminiHochberg(pValues, alpha);
}
