import { cohensKappa, type KappaResult } from "@/lib/stats/kappa";

/** An overlap item's two labels, in the order they were given. */
export type DoubleLabel = { first: { annotator: string; label: string }; second: { annotator: string; label: string } };

export type PairAgreement = KappaResult & { annotators: [string, string]; disagreements: number };
export type ModelAgreement = { overall: (KappaResult & { disagreements: number }) | null; pairs: PairAgreement[] };

/**
 * Cohen's kappa on items labelled twice. Per annotator pair, rater A is the pair's first name in
 * alphabetical order, so each person keeps one side whichever of them labelled first. For the
 * whole model, where many pairs mix, rater A is "the first label given" and rater B "the second":
 * Cohen's kappa of the two positions, which is what a single figure for the model can mean (with
 * only two labels an item, this is the usual choice when raters vary; Fleiss' kappa would weigh
 * the same disagreements). A kappa needs two labels of one item; pairs are listed most items first.
 */
export function agreementOf(items: readonly DoubleLabel[]): ModelAgreement {
  const disagreements = (pairs: (readonly [string, string])[]) => pairs.filter(([a, b]) => a !== b).length;
  const positional = items.map((i) => [i.first.label, i.second.label] as const);
  const overallKappa = cohensKappa(positional);

  const byPair = new Map<string, { annotators: [string, string]; pairs: (readonly [string, string])[] }>();
  for (const { first, second } of items) {
    const [a, b] = first.annotator <= second.annotator ? [first, second] : [second, first];
    const key = JSON.stringify([a.annotator, b.annotator]);
    const entry = byPair.get(key) ?? { annotators: [a.annotator, b.annotator], pairs: [] };
    entry.pairs.push([a.label, b.label]);
    byPair.set(key, entry);
  }
  const pairs: PairAgreement[] = [];
  for (const { annotators, pairs: labels } of byPair.values()) {
    const k = cohensKappa(labels);
    if (k) pairs.push({ ...k, annotators, disagreements: disagreements(labels) });
  }
  pairs.sort((x, y) => y.n - x.n || x.annotators.join().localeCompare(y.annotators.join()));
  return { overall: overallKappa ? { ...overallKappa, disagreements: disagreements(positional) } : null, pairs };
}
