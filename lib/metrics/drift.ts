import { chiSquareHomogeneity, ksFromSketches, psi, psiFromSketches, psiSeverity, type PsiSeverity } from "@/lib/stats";
import { cdfOf, cdfWeight, sketchQuantile, type QuantileSketch, type SketchCdf } from "@/lib/stats/quantile-sketch";
import type { BucketDistributions, Counts } from "./rollup-types";
import { countOf, ownValue } from "./own-keys";

/** PSI's grades, or `insufficient`: a window below the model's drift minimum is no verdict. */
export type DriftSeverity = PsiSeverity | "insufficient";

/** Reference against current, as shares per bin (numeric: equal widths over both windows' range) or category. */
export type DriftDistribution = { bins: { label: string; reference: number; current: number }[] };

export type NumericDrift = { name: string; type: "numeric"; psi: number | null; ks: number | null; pValue: number | null; severity: DriftSeverity; n: number; referenceN: number; distribution: DriftDistribution | null };
export type CategoricalDrift = { name: string; type: "categorical"; psi: number | null; chi2: number | null; df: number | null; pValue: number | null; severity: DriftSeverity; n: number; referenceN: number; distribution: DriftDistribution | null };
export type FeatureDrift = NumericDrift | CategoricalDrift;
/** Score PSI (classifiers) or prediction PSI (regression), with its verdict and both windows' n. */
export type OutputDrift = { psi: number | null; severity: DriftSeverity; n: number; referenceN: number };

/** Predictions each window needs before Vigil judges drift (a model's `driftMinN` by default). */
export const DEFAULT_DRIFT_MIN_N = 100;
/** KS D grades, used where PSI cannot see (see numericSeverity): the same 0.1 and 0.25 as PSI's. */
const KS_MODERATE = 0.1;
const KS_SIGNIFICANT = 0.25;
const KS_ALPHA = 0.05;
const DISPLAY_BINS = 12;
const TOP_CATEGORIES = 12;

const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const SEVERITY_ORDER: Record<DriftSeverity, number> = { significant: 3, moderate: 2, none: 1, insufficient: 0 };
const worse = (a: PsiSeverity, b: PsiSeverity): PsiSeverity => (SEVERITY_ORDER[a] >= SEVERITY_ORDER[b] ? a : b);

/** Too few predictions in either window to judge: `insufficient`, whatever the figures say. */
const tooFew = (n: number, referenceN: number, minN: number) => Math.min(n, referenceN) < Math.max(1, minN);

/** PSI of the score or of the predicted value, from the windows' sketches. */
export function outputDrift(reference: QuantileSketch | null, current: QuantileSketch | null, minN: number): OutputDrift {
  const result = psiFromSketches(reference, current);
  const [n, referenceN] = [current?.n ?? 0, reference?.n ?? 0];
  return { psi: result?.psi ?? null, severity: tooFew(n, referenceN, minN) ? "insufficient" : result ? psiSeverity(result.psi) : "none", n, referenceN };
}

/**
 * PSI grades a numeric feature; but where the reference's deciles collapse (a few repeated values
 * hold most of it, at worst one constant) PSI has fewer than 10 bins and cannot see values moving
 * inside or past them. There KS speaks too: D past 0.1 or 0.25 with p < 0.05 grades the feature
 * moderate or significant, whichever of the two says more.
 */
function numericSeverity(psiResult: { psi: number; bins: number } | null, ks: { d: number; pValue: number } | null): PsiSeverity {
  const byPsi = psiResult ? psiSeverity(psiResult.psi) : "none";
  if (!psiResult || psiResult.bins >= 10 || !ks || ks.pValue >= KS_ALPHA) return byPsi;
  return worse(byPsi, ks.d >= KS_SIGNIFICANT ? "significant" : ks.d >= KS_MODERATE ? "moderate" : "none");
}

function numericDrift(name: string, reference: QuantileSketch | null, current: QuantileSketch | null, minN: number): NumericDrift {
  const psiResult = psiFromSketches(reference, current);
  const ks = ksFromSketches(reference, current);
  const [n, referenceN] = [current?.n ?? 0, reference?.n ?? 0];
  return {
    name,
    type: "numeric",
    psi: psiResult?.psi ?? null,
    ks: ks?.d ?? null,
    pValue: ks?.pValue ?? null,
    severity: tooFew(n, referenceN, minN) ? "insufficient" : numericSeverity(psiResult, ks),
    n,
    referenceN,
    distribution: reference && current ? rangeHistogram(reference, current) : null,
  };
}

function categoricalDrift(name: string, reference: Counts, current: Counts, minN: number): CategoricalDrift {
  const categories = [...new Set([...Object.keys(reference), ...Object.keys(current)])];
  const [n, referenceN] = [total(current), total(reference)];
  const value = n && referenceN ? psi(categories.map((c) => countOf(reference, c)), categories.map((c) => countOf(current, c))) : null;
  const test = n && referenceN ? chiSquareHomogeneity(reference, current) : null;
  return {
    name,
    type: "categorical",
    psi: value,
    chi2: test?.chi2 ?? null,
    df: test?.degreesOfFreedom ?? null,
    pValue: test?.pValue ?? null,
    severity: tooFew(n, referenceN, minN) ? "insufficient" : value === null ? "none" : psiSeverity(value),
    n,
    referenceN,
    distribution: categoryDistribution(reference, current),
  };
}

/** Every feature seen in either window, most drifted first (too few to judge last). */
export function featureDrift(reference: BucketDistributions, current: BucketDistributions, minN = DEFAULT_DRIFT_MIN_N): FeatureDrift[] {
  const names = [...new Set([...Object.keys(reference.features), ...Object.keys(current.features)])];
  const rows: FeatureDrift[] = [];
  for (const name of names) {
    const ref = ownValue(reference.features, name);
    const cur = ownValue(current.features, name);
    if ((ref ?? cur)!.type === "numeric") {
      rows.push(numericDrift(name, ref?.type === "numeric" ? ref.sketch : null, cur?.type === "numeric" ? cur.sketch : null, minN));
    } else {
      rows.push(categoricalDrift(name, ref?.type === "categorical" ? ref.counts : {}, cur?.type === "categorical" ? cur.counts : {}, minN));
    }
  }
  return rows.sort((x, y) => SEVERITY_ORDER[y.severity] - SEVERITY_ORDER[x.severity] || (y.psi ?? -1) - (x.psi ?? -1) || x.name.localeCompare(y.name));
}

/**
 * Both windows as shares of equal-width bins between the 1st and the 99th percentile of either
 * (values beyond fall in the end bins), so a feature in [0.05, 0.16] and one near 1,000,000 are
 * drawn at their own scale. Labels carry as many decimals as the bin width needs.
 */
export function rangeHistogram(reference: QuantileSketch, current: QuantileSketch, bins = DISPLAY_BINS): DriftDistribution {
  const cdfs = [cdfOf(reference), cdfOf(current)] as const;
  let lo = Math.min(...cdfs.map((c) => sketchQuantile(c, 0.01)));
  let hi = Math.max(...cdfs.map((c) => sketchQuantile(c, 0.99)));
  if (!(hi > lo)) [lo, hi] = [Math.min(reference.min, current.min), Math.max(reference.max, current.max)];
  if (!(hi > lo)) return { bins: [{ label: `= ${Number(lo.toPrecision(12)).toLocaleString("en", { maximumFractionDigits: 12 })}`, reference: 1, current: 1 }] };
  const width = hi / bins - lo / bins;
  const edges = Array.from({ length: bins - 1 }, (_, k) => between(lo, hi, (k + 1) / bins));
  const [ref, cur] = cdfs.map((c) => histogramShares(c, edges));
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(width))));
  const f = (v: number) => formatValue(v, decimals);
  return {
    bins: ref!.map((share, k) => ({
      label: k === 0 ? `< ${f(edges[0]!)}` : k === bins - 1 ? `≥ ${f(edges[k - 1]!)}` : `${f(edges[k - 1]!)}–${f(edges[k]!)}`,
      reference: share,
      current: cur![k]!,
    })),
  };
}

/** The point a share t of the way from lo to hi, without overflow near ±1e308. */
const between = (lo: number, hi: number, t: number) => (t === 0 ? lo : t === 1 ? hi : Number.isFinite(hi - lo) ? lo + t * (hi - lo) : lo * (1 - t) + hi * t);

function histogramShares(cdf: SketchCdf, edges: number[]): number[] {
  const below = [0, ...edges.map((e) => cdfWeight(cdf, e, true)), cdf.n];
  return below.slice(1).map((b, k) => Math.max(0, b - below[k]!) / cdf.n);
}

// One formatter per number of decimals: toLocaleString with options builds a new one per call.
const formatters = new Map<number, Intl.NumberFormat>();
function formatValue(v: number, decimals: number): string {
  let f = formatters.get(decimals);
  if (!f) formatters.set(decimals, (f = new Intl.NumberFormat("en", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f.format(v);
}

function categoryDistribution(reference: Counts, current: Counts): DriftDistribution | null {
  const categories = [...new Set([...Object.keys(reference), ...Object.keys(current)])]
    .sort((x, y) => countOf(reference, y) + countOf(current, y) - countOf(reference, x) - countOf(current, x))
    .slice(0, TOP_CATEGORIES);
  const [rt, ct] = [total(reference), total(current)];
  if (!rt && !ct) return null;
  return { bins: categories.map((c) => ({ label: c, reference: rt ? countOf(reference, c) / rt : 0, current: ct ? countOf(current, c) / ct : 0 })) };
}

/** A histogram of one sketch in equal bins between its 1st and 99th percentiles (the residuals panel). */
export function sketchHistogram(sketch: QuantileSketch | null, bins = 24): { edges: number[]; counts: number[] } | null {
  if (!sketch) return null;
  const cdf = cdfOf(sketch);
  let [lo, hi] = [sketchQuantile(cdf, 0.01), sketchQuantile(cdf, 0.99)];
  if (!(hi > lo)) [lo, hi] = [sketch.min, sketch.max];
  if (!(hi > lo)) return { edges: [lo, lo], counts: [sketch.n] };
  const edges = Array.from({ length: bins + 1 }, (_, k) => between(lo, hi, k / bins));
  return { edges, counts: histogramShares(cdf, edges.slice(1, -1)).map((share) => Math.round(share * sketch.n)) };
}
