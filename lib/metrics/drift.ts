import { chiSquareTest, histogramDecileEdges, ksFromHistograms, psi, psiFromHistograms, psiSeverity, type PsiSeverity } from "@/lib/stats";
import { alignFineBins, fineBinRange } from "./fine-bins";
import type { BucketDistributions, Counts, FeatureDistribution } from "./rollup-types";
import { SCORE_BINS } from "./rollup-types";
import { countOf, ownValue } from "./own-keys";

/** Reference against current, as shares per bin (numeric: the reference deciles) or category. */
export type DriftDistribution = { bins: { label: string; reference: number; current: number }[] };

export type NumericDrift = { name: string; type: "numeric"; psi: number | null; ks: number | null; pValue: number | null; severity: PsiSeverity; n: number; referenceN: number; distribution: DriftDistribution | null };
export type CategoricalDrift = { name: string; type: "categorical"; psi: number | null; chi2: number | null; pValue: number | null; severity: PsiSeverity; n: number; referenceN: number; distribution: DriftDistribution | null };

const TOP_CATEGORIES = 12;
const short = (v: number) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? Math.round(v).toLocaleString("en") : Number(v.toPrecision(3)).toString());
const shares = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total ? c / total : 0));
};

/** The numeric distribution merged into the reference deciles, for the reference-vs-current chart. */
function decileDistribution(reference: Counts, current: Counts): DriftDistribution | null {
  if (total(reference) === 0) return null;
  const { indices, a, b } = alignFineBins(reference, current);
  const edges = alignedEdges(indices);
  const cuts = histogramDecileEdges(a, edges);
  const bounds = [-Infinity, ...cuts, Infinity];
  const ref = new Array<number>(bounds.length - 1).fill(0);
  const cur = new Array<number>(bounds.length - 1).fill(0);
  indices.forEach((_, j) => {
    const lower = edges[j]!;
    const bin = bounds.findIndex((_, k) => k < bounds.length - 1 && lower >= bounds[k]! && lower < bounds[k + 1]!);
    ref[bin]! += a[j]!;
    cur[bin]! += b[j]!;
  });
  const [rs, cs] = [shares(ref), shares(cur)];
  return {
    bins: ref.map((_, k) => ({
      label: k === 0 ? `< ${short(bounds[1] ?? 0)}` : k === ref.length - 1 ? `≥ ${short(bounds[k]!)}` : `${short(bounds[k]!)}–${short(bounds[k + 1]!)}`,
      reference: rs[k]!,
      current: cs[k]!,
    })),
  };
}

function categoryDistribution(reference: Counts, current: Counts): DriftDistribution | null {
  const categories = [...new Set([...Object.keys(reference), ...Object.keys(current)])]
    .sort((x, y) => countOf(reference, y) + countOf(current, y) - countOf(reference, x) - countOf(current, x))
    .slice(0, TOP_CATEGORIES);
  const [rt, ct] = [total(reference), total(current)];
  if (!rt && !ct) return null;
  return { bins: categories.map((c) => ({ label: c, reference: rt ? countOf(reference, c) / rt : 0, current: ct ? countOf(current, c) / ct : 0 })) };
}
export type FeatureDrift = NumericDrift | CategoricalDrift;

/** Increasing edges for aligned fine bins (bin 0 has no width, so it gets a hair's breadth). */
export function alignedEdges(indices: number[]): number[] {
  const edges: number[] = [];
  indices.forEach((index, j) => {
    const [lo, hi] = fineBinRange(index);
    if (j === 0) edges.push(lo);
    const previous = edges[edges.length - 1]!;
    edges.push(Math.max(hi, previous + Math.max(1e-12, Math.abs(previous) * 1e-12)));
  });
  return edges;
}

const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const SEVERITY_ORDER: Record<PsiSeverity, number> = { significant: 2, moderate: 1, none: 0 };

export const SCORE_EDGES = Array.from({ length: SCORE_BINS + 1 }, (_, i) => i / SCORE_BINS);

export function scorePsi(reference: number[], current: number[]): number | null {
  if (reference.every((n) => n === 0) || current.every((n) => n === 0)) return null;
  return psiFromHistograms(reference, current, SCORE_EDGES);
}

/** PSI of fine-binned values (numeric features, regression predictions) at the reference deciles. */
export function finePsi(reference: Counts, current: Counts): number | null {
  if (total(reference) === 0 || total(current) === 0) return null;
  const { indices, a, b } = alignFineBins(reference, current);
  return psiFromHistograms(a, b, alignedEdges(indices));
}

function numericDrift(name: string, reference: Extract<FeatureDistribution, { type: "numeric" }>, current: Extract<FeatureDistribution, { type: "numeric" }>): NumericDrift {
  const { a, b } = alignFineBins(reference.bins, current.bins);
  const ks = reference.count && current.count ? ksFromHistograms(a, b) : null;
  const value = finePsi(reference.bins, current.bins);
  return {
    name,
    type: "numeric",
    psi: value,
    ks: ks?.d ?? null,
    pValue: ks?.pValue ?? null,
    severity: value === null ? "none" : psiSeverity(value),
    n: current.count,
    referenceN: reference.count,
    distribution: decileDistribution(reference.bins, current.bins),
  };
}

function categoricalDrift(name: string, reference: Counts, current: Counts): CategoricalDrift {
  const categories = [...new Set([...Object.keys(reference), ...Object.keys(current)])];
  const value = total(reference) && total(current) ? psi(categories.map((c) => countOf(reference, c)), categories.map((c) => countOf(current, c))) : null;
  const test = total(reference) && total(current) ? chiSquareTest(current, reference) : null;
  return {
    name,
    type: "categorical",
    psi: value,
    chi2: test?.chi2 ?? null,
    pValue: test?.pValue ?? null,
    severity: value === null ? "none" : psiSeverity(value),
    n: total(current),
    referenceN: total(reference),
    distribution: categoryDistribution(reference, current),
  };
}

/** Every feature seen in either window, most drifted first. */
export function featureDrift(reference: BucketDistributions, current: BucketDistributions): FeatureDrift[] {
  const names = [...new Set([...Object.keys(reference.features), ...Object.keys(current.features)])];
  const rows: FeatureDrift[] = [];
  for (const name of names) {
    const ref = ownValue(reference.features, name);
    const cur = ownValue(current.features, name);
    const type = (ref ?? cur)!.type;
    if (type === "numeric") {
      const empty = { type: "numeric", bins: {}, count: 0, sum: 0 } as const;
      rows.push(numericDrift(name, ref?.type === "numeric" ? ref : { ...empty, bins: {} }, cur?.type === "numeric" ? cur : { ...empty, bins: {} }));
    } else {
      rows.push(categoricalDrift(name, ref?.type === "categorical" ? ref.counts : {}, cur?.type === "categorical" ? cur.counts : {}));
    }
  }
  return rows.sort((x, y) => SEVERITY_ORDER[y.severity] - SEVERITY_ORDER[x.severity] || (y.psi ?? -1) - (x.psi ?? -1) || x.name.localeCompare(y.name));
}
