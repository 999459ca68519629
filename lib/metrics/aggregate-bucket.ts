import type { ModelTask } from "@/lib/models/constants";
import { mergeSketches, sketchOf, type QuantileSketch } from "@/lib/stats/quantile-sketch";
import { countOf, ownValue, setOwn } from "./own-keys";
import { DISTRIBUTIONS_VERSION, MAX_CATEGORIES, MAX_FEATURES_TRACKED, OTHER_CATEGORY, SCORE_BINS, type BucketDistributions, type Counts, type TypeCounts, type ValueType } from "./rollup-types";

export type RollupInputRow = {
  score: number | null;
  label: string | null;
  value: number | null;
  actualLabel: string | null;
  actualValue: number | null;
  features: Record<string, unknown>;
};

export type RollupModel = { task: ModelTask; positiveClass: string | null };

export type BucketRollup = {
  volume: number;
  positiveCount: number;
  scoreSum: number;
  scoreCount: number;
  confidenceSum: number;
  truthCount: number;
  truthCorrect: number;
  residualAbsSum: number;
  residualSqSum: number;
  residualSum: number;
  distributions: BucketDistributions;
};

export function emptyRollup(): BucketRollup {
  return { ...emptyScalars(), distributions: emptyDistributions() };
}

export function emptyScalars(): ScalarSums {
  return {
    volume: 0,
    positiveCount: 0,
    scoreSum: 0,
    scoreCount: 0,
    confidenceSum: 0,
    truthCount: 0,
    truthCorrect: 0,
    residualAbsSum: 0,
    residualSqSum: 0,
    residualSum: 0,
  };
}

export function emptyDistributions(): BucketDistributions {
  return { score: new Array<number>(SCORE_BINS).fill(0), scoreSketch: null, predicted: {}, predictedValue: null, confusion: {}, residualSketch: null, features: {} };
}

const bump = (counts: Counts, key: string | number, by = 1) => {
  setOwn(counts, key, countOf(counts, key) + by);
};

export const scoreBin = (score: number) => Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)));
export const confusionKey = (actual: string, predicted: string) => `${actual}\u2192${predicted}`;

/**
 * A feature while its hour is read: a numeric one's values (sketched once the hour is complete),
 * a categorical one's counts. Maps rather than records: a row's feature names and categories are
 * what clients send ("__proto__" included), and a Map's lookups cost a fraction of Object.hasOwn
 * and Object.keys per row.
 */
type NumericValues = { type: "numeric"; values: number[]; sum: number };
type CollectedFeature = (NumericValues | { type: "categorical"; counts: Map<string, number> }) & { types: TypeCounts };

/** The scalar sums of a rollup (what a point of the time series is computed from). */
export type ScalarSums = Omit<BucketRollup, "distributions">;

/** One prediction added to a rollup's scalar sums: the hour's own, or one segment value's. */
export function addScalars(r: ScalarSums, model: RollupModel, row: RollupInputRow): void {
  r.volume++;
  if (row.score !== null && Number.isFinite(row.score)) {
    r.scoreSum += row.score;
    r.scoreCount++;
    // Binary: the model is right with probability max(p, 1 − p); multiclass: its top probability.
    r.confidenceSum += model.task === "binary" ? Math.max(row.score, 1 - row.score) : row.score;
  }
  if (model.task === "regression") {
    if (row.value !== null && row.actualValue !== null) {
      const residual = row.actualValue - row.value;
      r.truthCount++;
      r.residualSum += residual;
      r.residualAbsSum += Math.abs(residual);
      r.residualSqSum += residual * residual;
    }
  } else if (row.label !== null) {
    if (model.task === "binary" && row.label === model.positiveClass) r.positiveCount++;
    if (row.actualLabel !== null) {
      r.truthCount++;
      if (row.actualLabel === row.label) r.truthCorrect++;
    }
  }
}

/** Everything the dashboard needs from one hour of one model's predictions. Pure. */
export function aggregateBucket(model: RollupModel, rows: Iterable<RollupInputRow>): BucketRollup {
  const r = emptyRollup();
  const d = r.distributions;
  const scores: number[] = [];
  const predictedValues: number[] = [];
  const residuals: number[] = [];
  const predicted = new Map<string, number>();
  const confusion = new Map<string, number>();
  const features = new Map<string, CollectedFeature>();
  for (const row of rows) {
    addScalars(r, model, row);
    if (row.score !== null && Number.isFinite(row.score)) {
      d.score[scoreBin(row.score)]!++;
      scores.push(row.score);
    }
    if (model.task === "regression") {
      if (row.value !== null) predictedValues.push(row.value);
      if (row.value !== null && row.actualValue !== null) residuals.push(row.actualValue - row.value);
    } else if (row.label !== null) {
      predicted.set(row.label, (predicted.get(row.label) ?? 0) + 1);
      if (row.actualLabel !== null) {
        const key = confusionKey(row.actualLabel, row.label);
        confusion.set(key, (confusion.get(key) ?? 0) + 1);
      }
    }
    addFeatures(features, row.features);
  }
  d.predicted = countsOf(predicted);
  d.confusion = countsOf(confusion);
  d.scoreSketch = sketchOf(scores);
  d.predictedValue = sketchOf(predictedValues);
  d.residualSketch = sketchOf(residuals);
  for (const [name, f] of features) {
    if (f.type === "categorical") setOwn(d.features, name, { type: "categorical", counts: countsOf(f.counts), types: f.types });
    else {
      const sketch = sketchOf(f.values);
      if (sketch) setOwn(d.features, name, { type: "numeric", sketch, count: sketch.n, sum: f.sum, types: f.types });
    }
  }
  return r;
}

/** Counts as the record a rollup stores, keys set in the order they were first met. */
function countsOf(map: Map<string, number>): Counts {
  const out: Counts = {};
  for (const [key, n] of map) setOwn(out, key, n);
  return out;
}

/** A present value's JSON type (arrays are objects: neither is a feature value a model expects). */
export function valueTypeOf(raw: unknown): ValueType {
  const type = typeof raw;
  return type === "number" || type === "string" || type === "boolean" ? type : "object";
}

function addFeatures(features: Map<string, CollectedFeature>, values: Record<string, unknown>) {
  for (const name of Object.keys(values)) {
    const raw = values[name];
    // Absent or null: counted as missing from the window's volume less the present values.
    if (raw === null || raw === undefined) continue;
    let dist = features.get(name);
    if (!dist) {
      if (features.size >= MAX_FEATURES_TRACKED) continue;
      dist = typeof raw === "number" ? { type: "numeric", values: [], sum: 0, types: {} } : { type: "categorical", counts: new Map(), types: {} };
      features.set(name, dist);
    }
    const valueType = valueTypeOf(raw);
    dist.types[valueType] = (dist.types[valueType] ?? 0) + 1;
    if (dist.type === "numeric") {
      if (typeof raw !== "number" || !Number.isFinite(raw)) continue;
      dist.values.push(raw);
      dist.sum += raw;
    } else {
      const category = String(raw);
      const n = dist.counts.get(category);
      if (n !== undefined) dist.counts.set(category, n + 1);
      else if (dist.counts.size < MAX_CATEGORIES) dist.counts.set(category, 1);
      else dist.counts.set(OTHER_CATEGORY, (dist.counts.get(OTHER_CATEGORY) ?? 0) + 1);
    }
  }
}

/**
 * Several rollups' distributions as one (hours into a day, days and hours into a range), in the
 * order given: a feature keeps the type it has in the first part that has it, and parts where it
 * has the other type are skipped for it (see mergeDay). Sketches are merged once, all together.
 */
export function mergeDistributions(parts: readonly BucketDistributions[]): BucketDistributions {
  const out = emptyDistributions();
  const sketches = { score: [] as (QuantileSketch | null)[], predictedValue: [] as (QuantileSketch | null)[], residuals: [] as (QuantileSketch | null)[] };
  const numeric = new Map<string, { sketches: QuantileSketch[]; count: number; sum: number }>();
  const types = new Map<string, TypeCounts>();
  for (const part of parts) {
    part.score.forEach((n, i) => (out.score[i] = (out.score[i] ?? 0) + n));
    sketches.score.push(part.scoreSketch ?? null);
    sketches.predictedValue.push(part.predictedValue ?? null);
    sketches.residuals.push(part.residualSketch ?? null);
    for (const [k, n] of Object.entries(part.predicted)) bump(out.predicted, k, n);
    for (const [k, n] of Object.entries(part.confusion)) bump(out.confusion, k, n);
    for (const [name, dist] of Object.entries(part.features)) {
      let target = ownValue(out.features, name);
      if (!target) {
        target = dist.type === "numeric" ? { type: "numeric", sketch: dist.sketch, count: 0, sum: 0, types: {} } : { type: "categorical", counts: {}, types: {} };
        setOwn(out.features, name, target);
        types.set(name, target.types);
        if (dist.type === "numeric") numeric.set(name, { sketches: [], count: 0, sum: 0 });
      }
      // Types are counted whatever the part's distribution type: a feature's quality is every value's.
      const own = types.get(name)!;
      for (const [type, n] of Object.entries(dist.types ?? {}) as [ValueType, number][]) own[type] = (own[type] ?? 0) + n;
      if (target.type === "numeric" && dist.type === "numeric") {
        const acc = numeric.get(name)!;
        if (dist.sketch) acc.sketches.push(dist.sketch);
        acc.count += dist.count;
        acc.sum += dist.sum;
      } else if (target.type === "categorical" && dist.type === "categorical") {
        for (const [k, n] of Object.entries(dist.counts)) bump(target.counts, k, n);
      }
    }
  }
  out.scoreSketch = mergeSketches(sketches.score);
  out.predictedValue = mergeSketches(sketches.predictedValue);
  out.residualSketch = mergeSketches(sketches.residuals);
  for (const [name, acc] of numeric) {
    const sketch = mergeSketches(acc.sketches);
    if (sketch) setOwn(out.features, name, { type: "numeric", sketch, count: acc.count, sum: acc.sum, types: types.get(name)! });
    else delete out.features[name];
  }
  return out;
}

export type DayRollup = { hours: number; volume: number; mixedTypes: boolean; distributionsVersion: number; distributions: BucketDistributions };

/**
 * A UTC day's hourly rollups merged into one (hours in time order), for metric_rollups_daily.
 * `mixedTypes` says a feature came as numbers in some of the hours and as categories in others:
 * mergeDistributions keeps the first type seen and skips the other, so merging such a day first
 * and then the range would not equal merging the range's hours. Reads take such a day's hours.
 * The day's distributions version is its oldest hour's: a day with an hour still to be rebuilt is
 * not yet of the new shape.
 */
export function mergeDay(hours: Iterable<{ volume: number; distributionsVersion?: number; distributions: BucketDistributions }>): DayRollup {
  const list = [...hours];
  const seen = new Map<string, string>();
  let mixedTypes = false;
  for (const hour of list) {
    for (const [name, dist] of Object.entries(hour.distributions.features)) {
      const type = seen.get(name);
      if (type && type !== dist.type) mixedTypes = true;
      if (!type) seen.set(name, dist.type);
    }
  }
  return {
    hours: list.length,
    volume: list.reduce((v, h) => v + h.volume, 0),
    mixedTypes,
    distributionsVersion: Math.min(DISTRIBUTIONS_VERSION, ...list.map((h) => h.distributionsVersion ?? DISTRIBUTIONS_VERSION)),
    distributions: mergeDistributions(list.map((h) => h.distributions)),
  };
}

const sortedCounts = (counts: Counts): Counts => {
  const out: Counts = {};
  for (const key of Object.keys(counts).sort()) setOwn(out, key, counts[key]!);
  return out;
};

/**
 * The same distributions with every set of counts keyed in one fixed (sorted) order. Merged
 * counts come out in the order their keys were first met, which depends on which rows were merged
 * (hours or days; jsonb keeps keys in its own order) and in what order; figures summed over the
 * keys (PSI and χ² of categories, to the last bit) and the order of tied categories must not.
 * Sketches are in value order already.
 */
export function canonicalOrder(d: BucketDistributions): BucketDistributions {
  const features: BucketDistributions["features"] = {};
  for (const name of Object.keys(d.features).sort()) {
    const f = d.features[name]!;
    setOwn(features, name, f.type === "numeric" ? f : { type: "categorical", counts: sortedCounts(f.counts), types: f.types });
  }
  return { ...d, predicted: sortedCounts(d.predicted), confusion: sortedCounts(d.confusion), features };
}
