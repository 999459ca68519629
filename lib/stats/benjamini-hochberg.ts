/**
 * Benjamini–Hochberg adjusted p-values (q-values), in the order given: q_(i) = min over j ≥ i of
 * m·p_(j)/j on the ascending p-values, capped at 1. Flagging every q ≤ α controls the false
 * discovery rate at α for independent or positively dependent tests.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, i] = order[rank - 1]!;
    // (m / rank) · p: exactly p at the largest rank, so no q falls below its p by rounding.
    running = Math.min(running, (m / rank) * p);
    q[i] = running;
  }
  return q;
}
