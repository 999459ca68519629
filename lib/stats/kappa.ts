// Cohen's kappa for two raters labelling the same items (J. Cohen, "A coefficient of agreement
// for nominal scales", 1960):
//
//   κ = (p_o − p_e) / (1 − p_e),  p_o = share of items they agree on,
//   p_e = Σ_k (share rater A gave k) · (share rater B gave k)   (agreement expected by chance).

export interface KappaResult {
  kappa: number;
  observedAgreement: number;
  expectedAgreement: number;
  n: number;
}

/**
 * Each pair is [rater A's label, rater B's label] for one item. Null for no items.
 *
 * When p_e = 1 the formula is 0/0. That happens only when both raters gave every item the same
 * single label; they then agree perfectly, so κ is reported as 1 (agreement is complete, even if
 * it says nothing beyond chance). The "null unless observed is 1" branch is kept for clarity but
 * cannot be reached, since p_e = 1 forces p_o = 1. The test for p_e = 1 is done on integer
 * counts (Σ a_k·b_k = n²), not on rounded shares.
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): KappaResult | null {
  const n = pairs.length;
  if (n === 0) return null;
  const byA = new Map<string, number>();
  const byB = new Map<string, number>();
  let agreed = 0;
  for (const [a, b] of pairs) {
    byA.set(a, (byA.get(a) ?? 0) + 1);
    byB.set(b, (byB.get(b) ?? 0) + 1);
    if (a === b) agreed++;
  }
  let chanceProducts = 0;
  for (const [label, countA] of byA) chanceProducts += countA * (byB.get(label) ?? 0);

  const observedAgreement = agreed / n;
  const expectedAgreement = chanceProducts / (n * n);
  if (chanceProducts === n * n) {
    if (agreed !== n) return null;
    return { kappa: 1, observedAgreement, expectedAgreement: 1, n };
  }
  const kappa = (observedAgreement - expectedAgreement) / (1 - expectedAgreement);
  return { kappa, observedAgreement, expectedAgreement, n };
}
