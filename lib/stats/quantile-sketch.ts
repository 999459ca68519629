// A mergeable quantile sketch for numeric distributions kept in rollups (docs/adr/0005): a merging
// t-digest (Dunning and Ertl, "Computing extremely accurate quantiles using t-digests", 2019) with
// the k1 scale function, which keeps centroids small near both tails, and two additions:
//
// - exact while small: up to EXACT_DISTINCT_LIMIT distinct values the sketch is the exact list of
//   values and counts (integers, codes, booleans, a constant), so every figure computed from it
//   equals the same figure on the raw values;
// - point masses: a centroid that holds one repeated value is marked as such and never smeared,
//   so heavy ties (a zero-inflated feature) keep their jump in the CDF.
//
// Everything depends on ranks only: centroids are formed from the sorted values and their weights,
// never from value gaps, so a·x + b (a > 0) gives the same centroids with transformed means, and
// every figure computed from the sketch is unchanged up to rounding. That is the property the old
// log-spaced fine bins lacked.
//
// Mass model used by the CDF: a point-mass centroid sits at its mean; any other centroid spreads
// half its weight uniformly between the previous centroid's mean (or the minimum) and its own mean,
// and half between its mean and the next centroid's mean (or the maximum): Dunning's linear
// interpolation between centroid means.

export type QuantileSketch = {
  /** How many values the sketch summarises. */
  n: number;
  min: number;
  max: number;
  /** Centroid means, non-decreasing, and their weights (counts). */
  means: number[];
  weights: number[];
  /** Indices of centroids of weight > 1 that hold one repeated value (weight-1 centroids are one value anyway). */
  points: number[];
};

/**
 * δ of the k1 scale (about δ/2 centroids once compressed) for n values: 200,000 / n, within
 * [100, 400]. A centroid's values deviate from the straight line the CDF draws through it by about
 * √(its count)/n, so a small sample needs more, smaller centroids; from 2,000 values on, 100 is
 * enough. Chosen by measurement (docs/adr/0006-drift-from-quantile-sketches.md).
 */
export function compressionFor(n: number): number {
  return Math.min(400, Math.max(100, 200_000 / n));
}
/** Up to this many distinct values the sketch keeps them all, exactly. */
export const EXACT_DISTINCT_LIMIT = 250;

/** Centroids as parallel arrays, in increasing mean (point masses first among equal means). */
type Centroids = { means: number[]; weights: number[]; point: boolean[] };

/** A sketch of the finite values; null when there are none. */
export function sketchOf(values: ArrayLike<number>): QuantileSketch | null {
  const finite = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) finite[count++] = v;
  }
  if (count === 0) return null;
  const sorted = finite.subarray(0, count).sort();
  let distinct = 1;
  for (let i = 1; i < count; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  // Runs of one value, point masses all: kept as they are when few, else compressed as they come.
  const out = distinct <= EXACT_DISTINCT_LIMIT ? new Exact() : new Compressor(count);
  let start = 0;
  for (let i = 1; i <= count; i++) {
    if (i < count && sorted[i] === sorted[start]) continue;
    out.add(sorted[start]!, i - start, true);
    start = i;
  }
  return toSketch(out, sorted[0]!, sorted[count - 1]!);
}

/** The sketch of all the values the given sketches summarise (order does not matter). Null for none. */
export function mergeSketches(sketches: readonly (QuantileSketch | null | undefined)[]): QuantileSketch | null {
  const present = sketches.filter((s): s is QuantileSketch => !!s && s.n > 0);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  // Each sketch is sorted already: merge them pairwise, in a balanced tree of linear passes.
  let lists: Sorted[] = present.map((s) => {
    const point = new Uint8Array(s.means.length);
    for (let i = 0; i < s.weights.length; i++) if (s.weights[i] === 1) point[i] = 1;
    for (const i of s.points) point[i] = 1;
    return { means: Float64Array.from(s.means), weights: Float64Array.from(s.weights), point };
  });
  const [min, max] = [Math.min(...present.map((s) => s.min)), Math.max(...present.map((s) => s.max))];
  const tolerance = (max - min) * SAME_VALUE;
  while (lists.length > 1) {
    const next: Sorted[] = [];
    for (let i = 0; i < lists.length; i += 2) next.push(i + 1 < lists.length ? mergeSorted(lists[i]!, lists[i + 1]!, tolerance) : lists[i]!);
    lists = next;
  }
  const all = lists[0]!;
  // Equal point masses become one, so a value repeated across hours stays one exact point.
  const runs = new Exact();
  for (let i = 0; i < all.means.length; i++) runs.add(all.means[i]!, all.weights[i]!, all.point[i] === 1);
  if (runs.means.length <= EXACT_DISTINCT_LIMIT && runs.point.every(Boolean)) return toSketch(runs, min, max);
  const compressor = new Compressor(runs.weights.reduce((a, b) => a + b, 0));
  for (let i = 0; i < runs.means.length; i++) compressor.add(runs.means[i]!, runs.weights[i]!, runs.point[i]!);
  return toSketch(compressor, min, max);
}

/** Centroids of one or more sketches in typed arrays, for merging. */
type Sorted = { means: Float64Array; weights: Float64Array; point: Uint8Array };

/**
 * Two sorted lists as one. Means within `tolerance` of each other count as equal (see SAME_VALUE),
 * and equal ones go point masses first, then heavier first: an order rounding cannot change.
 */
function mergeSorted(a: Sorted, b: Sorted, tolerance: number): Sorted {
  const length = a.means.length + b.means.length;
  const out: Sorted = { means: new Float64Array(length), weights: new Float64Array(length), point: new Uint8Array(length) };
  let i = 0;
  let j = 0;
  for (let k = 0; k < length; k++) {
    let takeA = j >= b.means.length;
    if (!takeA && i < a.means.length) {
      const gap = a.means[i]! - b.means[j]!;
      takeA = Math.abs(gap) > tolerance ? gap < 0 : a.point[i] !== b.point[j] ? a.point[i] === 1 : a.weights[i]! >= b.weights[j]!;
    }
    if (takeA) {
      out.means[k] = a.means[i]!;
      out.weights[k] = a.weights[i]!;
      out.point[k] = a.point[i]!;
      i++;
    } else {
      out.means[k] = b.means[j]!;
      out.weights[k] = b.weights[j]!;
      out.point[k] = b.point[j]!;
      j++;
    }
  }
  return out;
}

function toSketch(c: Centroids, min: number, max: number): QuantileSketch {
  const points: number[] = [];
  let n = 0;
  for (let i = 0; i < c.means.length; i++) {
    n += c.weights[i]!;
    if (c.point[i] && c.weights[i]! > 1) points.push(i);
  }
  return { n, min, max, means: c.means, weights: c.weights, points };
}

/** Centroids taken as they come, equal point masses added together. */
class Exact implements Centroids {
  means: number[] = [];
  weights: number[] = [];
  point: boolean[] = [];

  add(mean: number, weight: number, point: boolean): void {
    const last = this.means.length - 1;
    if (last >= 0 && point && this.point[last] && this.means[last] === mean) this.weights[last]! += weight;
    else {
      this.means.push(mean);
      this.weights.push(weight);
      this.point.push(point);
    }
  }
}

const k1 = (q: number, delta: number) => (delta / (2 * Math.PI)) * Math.asin(2 * q - 1);
const k1Inverse = (k: number, delta: number) => (Math.sin((k * 2 * Math.PI) / delta) + 1) / 2;

/**
 * One pass over centroids in increasing mean (of `total` weight in all): each output centroid
 * takes the next ones while its span in k1 stays within 1. A centroid heavier than the room at its
 * place stays alone, so a heavy repeated value stays a point mass.
 */
class Compressor implements Centroids {
  means: number[] = [];
  weights: number[] = [];
  point: boolean[] = [];
  private before = 0;
  private limit = 0;
  private readonly delta: number;

  constructor(private readonly total: number) {
    this.delta = compressionFor(total);
  }

  add(mean: number, weight: number, point: boolean): void {
    const last = this.means.length - 1;
    if (last >= 0 && (this.before + this.weights[last]! + weight) / this.total <= this.limit) {
      const combined = this.weights[last]! + weight;
      if (this.means[last] !== mean) {
        this.point[last] = false;
        // Weighted, not m + (x − m)·w/W: the difference of two means near ±1e308 overflows.
        this.means[last] = this.means[last]! * (this.weights[last]! / combined) + mean * (weight / combined);
      } else this.point[last] = this.point[last]! && point;
      this.weights[last] = combined;
      return;
    }
    if (last >= 0) this.before += this.weights[last]!;
    this.means.push(mean);
    this.weights.push(weight);
    this.point.push(point);
    this.limit = k1Inverse(Math.min(this.delta / 4, k1(this.before / this.total, this.delta) + 1), this.delta);
  }
}

/**
 * The sketch's CDF as knots: at each distinct x (minimum, means, maximum), `below` is the weight
 * strictly below x and `upTo` the weight at or below it; between two knots the CDF rises linearly
 * from upTo[j] to below[j + 1].
 */
export type SketchCdf = { xs: number[]; below: number[]; upTo: number[]; n: number; tolerance: number };

/**
 * Values closer than this share of the sketch's range are one value. Rounding in a·x + b moves a
 * value by up to ulp(b), about 1e-16·|b|; a decile cut that lands on a repeated value on one side
 * of it in x and on the other in a·x + b would change PSI by that value's whole share.
 */
const SAME_VALUE = 1e-9;

/**
 * A sketch is never changed once made, and drift asks for the same one's CDF several times (PSI,
 * KS, the histogram), and for a cached reference window's on every read: each is worked out once.
 */
const cdfs = new WeakMap<QuantileSketch, SketchCdf>();

export function cdfOf(s: QuantileSketch): SketchCdf {
  let cdf = cdfs.get(s);
  if (!cdf) {
    cdf = Object.freeze(computeCdf(s));
    cdfs.set(s, cdf);
  }
  return cdf;
}

function computeCdf(s: QuantileSketch): SketchCdf {
  const tolerance = (s.max - s.min) * SAME_VALUE;
  const sorted = [...new Set([s.min, ...s.means, s.max])].sort((a, b) => a - b);
  const xs: number[] = [];
  const index = new Map<number, number>();
  for (const x of sorted) {
    if (xs.length === 0 || x - xs[xs.length - 1]! > tolerance) xs.push(x);
    index.set(x, xs.length - 1);
  }
  const pointMass = new Array<number>(xs.length).fill(0);
  const gapMass = new Array<number>(xs.length).fill(0);
  const points = new Set(s.points);
  const spread = (from: number, to: number, weight: number) => {
    const j = index.get(from)!;
    if (index.get(to)! > j) gapMass[j]! += weight;
    else pointMass[j]! += weight;
  };
  for (let i = 0; i < s.means.length; i++) {
    const mean = s.means[i]!;
    const weight = s.weights[i]!;
    if (weight === 1 || points.has(i)) {
      pointMass[index.get(mean)!]! += weight;
      continue;
    }
    spread(i === 0 ? s.min : s.means[i - 1]!, mean, weight / 2);
    spread(mean, i === s.means.length - 1 ? s.max : s.means[i + 1]!, weight / 2);
  }
  const below: number[] = [];
  const upTo: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < xs.length; j++) {
    below.push(cumulative);
    cumulative += pointMass[j]!;
    upTo.push(cumulative);
    cumulative += gapMass[j]!;
  }
  return { xs, below, upTo, n: s.n, tolerance };
}

/** (x − a) / (b − a) for a < b, also when b − a overflows (values near ±1e308). */
function fraction(x: number, a: number, b: number): number {
  const width = b - a;
  return Number.isFinite(width) ? (x - a) / width : (x / 2 - a / 2) / (b / 2 - a / 2);
}

/** a + t·(b − a), also when b − a overflows. */
function lerp(a: number, b: number, t: number): number {
  const width = b - a;
  return Number.isFinite(width) ? a + t * width : a * (1 - t) + b * t;
}

/** Weight strictly below x (strict) or at or below x. */
export function cdfWeight(cdf: SketchCdf, x: number, strict: boolean): number {
  const { xs, below, upTo } = cdf;
  // j = the last knot ≤ x.
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  let j = lo - 1;
  // A knot within the tolerance above x is x itself (see SAME_VALUE).
  if (j + 1 < xs.length && xs[j + 1]! - x <= cdf.tolerance) j++;
  if (j < 0) return 0;
  if (Math.abs(x - xs[j]!) <= cdf.tolerance) return strict ? below[j]! : upTo[j]!;
  if (j === xs.length - 1) return upTo[j]!;
  const next = below[j + 1]!;
  return upTo[j]! + (next - upTo[j]!) * fraction(x, xs[j]!, xs[j + 1]!);
}

/** The value below which a share p of the weight lies (a jump answers with its own value). */
export function sketchQuantile(cdf: SketchCdf, p: number): number {
  const t = Math.min(1, Math.max(0, p)) * cdf.n;
  const { xs, below, upTo } = cdf;
  for (let j = 0; j < xs.length; j++) {
    if (t <= upTo[j]!) return xs[j]!;
    const next = j + 1 < xs.length ? below[j + 1]! : upTo[j]!;
    if (t < next) return lerp(xs[j]!, xs[j + 1]!, (t - upTo[j]!) / (next - upTo[j]!));
  }
  return xs[xs.length - 1]!;
}

/** The smallest double above x, for a cut "just after" a repeated value. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/**
 * The reference's decile cut points from its sketch, by decileEdges()'s rule (psi.ts): the k-th
 * cut is the point whose weight below is nearest k·n/10, the lower on a tie; a cut may sit inside
 * a centroid's spread (where any share is reachable) or at a point mass, whose values all fall on
 * one side. On an exact sketch this is decileEdges() of the raw values.
 */
export function sketchDecileCuts(cdf: SketchCdf, bins = 10): number[] {
  const { xs, below, upTo, n } = cdf;
  const cuts: number[] = [];
  let j = 0;
  for (let k = 1; k < bins; k++) {
    const t = (k * n) / bins;
    while (j < xs.length - 1 && t > below[j + 1]!) j++;
    let cut: number;
    if (t <= upTo[j]! || j === xs.length - 1) {
      // Inside the jump at xs[j]: its values go above a cut at xs[j], below one just after it.
      const lowerIsNearer = t - below[j]! <= upTo[j]! - t;
      if (lowerIsNearer || j === xs.length - 1) cut = xs[j]!;
      else cut = below[j + 1]! > upTo[j]! ? nextUp(xs[j]!) : xs[j + 1]!;
    } else {
      cut = lerp(xs[j]!, xs[j + 1]!, (t - upTo[j]!) / (below[j + 1]! - upTo[j]!));
    }
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  return cuts;
}

/** Weight in each bin of the cut points (bin i holds cuts[i−1] ≤ v < cuts[i]). */
export function sketchBinWeights(cdf: SketchCdf, cuts: readonly number[]): number[] {
  const out: number[] = [];
  let previous = 0;
  for (const cut of cuts) {
    const b = cdfWeight(cdf, cut, true);
    out.push(Math.max(0, b - previous));
    previous = b;
  }
  out.push(Math.max(0, cdf.n - previous));
  return out;
}

/**
 * sup |F_a − F_b| over both sketches' knots (both CDFs are linear between them, so the sup is at a
 * knot, on one side of it). Exact when both sketches are exact.
 */
export function sketchKsStatistic(a: SketchCdf, b: SketchCdf): number {
  let d = 0;
  for (const x of [...a.xs, ...b.xs]) {
    d = Math.max(d, Math.abs(cdfWeight(a, x, true) / a.n - cdfWeight(b, x, true) / b.n), Math.abs(cdfWeight(a, x, false) / a.n - cdfWeight(b, x, false) / b.n));
  }
  return Math.min(1, d);
}
