import type { ModelTask } from "@/lib/models/constants";
import { fineBinIndex } from "./fine-bins";
import { countOf, ownValue, setOwn } from "./own-keys";
import { MAX_CATEGORIES, MAX_FEATURES_TRACKED, OTHER_CATEGORY, SCORE_BINS, type BucketDistributions, type Counts } from "./rollup-types";

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
    distributions: { score: new Array<number>(SCORE_BINS).fill(0), predicted: {}, confusion: {}, residuals: {}, features: {} },
  };
}

const bump = (counts: Counts, key: string | number, by = 1) => {
  setOwn(counts, key, countOf(counts, key) + by);
};

export const scoreBin = (score: number) => Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)));
export const confusionKey = (actual: string, predicted: string) => `${actual}\u2192${predicted}`;

/** Everything the dashboard needs from one hour of one model's predictions. Pure. */
export function aggregateBucket(model: RollupModel, rows: Iterable<RollupInputRow>): BucketRollup {
  const r = emptyRollup();
  const d = r.distributions;
  for (const row of rows) {
    r.volume++;
    if (row.score !== null && Number.isFinite(row.score)) {
      r.scoreSum += row.score;
      r.scoreCount++;
      // Binary: the model is right with probability max(p, 1 − p); multiclass: its top probability.
      r.confidenceSum += model.task === "binary" ? Math.max(row.score, 1 - row.score) : row.score;
      d.score[scoreBin(row.score)]!++;
    }
    if (model.task === "regression") {
      if (row.value !== null) bump(d.predicted, fineBinIndex(row.value));
      if (row.value !== null && row.actualValue !== null) {
        const residual = row.actualValue - row.value;
        r.truthCount++;
        r.residualSum += residual;
        r.residualAbsSum += Math.abs(residual);
        r.residualSqSum += residual * residual;
        bump(d.residuals, fineBinIndex(residual));
      }
    } else if (row.label !== null) {
      bump(d.predicted, row.label);
      if (model.task === "binary" && row.label === model.positiveClass) r.positiveCount++;
      if (row.actualLabel !== null) {
        r.truthCount++;
        if (row.actualLabel === row.label) r.truthCorrect++;
        bump(d.confusion, confusionKey(row.actualLabel, row.label));
      }
    }
    addFeatures(d.features, row.features);
  }
  return r;
}

function addFeatures(features: BucketDistributions["features"], values: Record<string, unknown>) {
  for (const [name, raw] of Object.entries(values)) {
    if (raw === null || raw === undefined) continue;
    let dist = ownValue(features, name);
    if (!dist) {
      if (Object.keys(features).length >= MAX_FEATURES_TRACKED) continue;
      dist = typeof raw === "number" ? { type: "numeric", bins: {}, count: 0, sum: 0 } : { type: "categorical", counts: {} };
      setOwn(features, name, dist);
    }
    if (dist.type === "numeric") {
      if (typeof raw !== "number" || !Number.isFinite(raw)) continue;
      bump(dist.bins, fineBinIndex(raw));
      dist.count++;
      dist.sum += raw;
    } else {
      const category = String(raw);
      const known = Object.hasOwn(dist.counts, category) || Object.keys(dist.counts).length < MAX_CATEGORIES;
      bump(dist.counts, known ? category : OTHER_CATEGORY);
    }
  }
}

/** Adds one rollup into another (for days, ranges and reference windows). */
export function mergeRollups(into: BucketRollup, from: Omit<BucketRollup, "distributions"> & { distributions: BucketDistributions }): BucketRollup {
  into.volume += from.volume;
  into.positiveCount += from.positiveCount;
  into.scoreSum += from.scoreSum;
  into.scoreCount += from.scoreCount;
  into.confidenceSum += from.confidenceSum;
  into.truthCount += from.truthCount;
  into.truthCorrect += from.truthCorrect;
  into.residualAbsSum += from.residualAbsSum;
  into.residualSqSum += from.residualSqSum;
  into.residualSum += from.residualSum;
  mergeDistributions(into.distributions, from.distributions);
  return into;
}

export function mergeDistributions(into: BucketDistributions, from: BucketDistributions) {
  from.score.forEach((n, i) => (into.score[i] = (into.score[i] ?? 0) + n));
  for (const [k, n] of Object.entries(from.predicted)) bump(into.predicted, k, n);
  for (const [k, n] of Object.entries(from.confusion)) bump(into.confusion, k, n);
  for (const [k, n] of Object.entries(from.residuals)) bump(into.residuals, k, n);
  for (const [name, dist] of Object.entries(from.features)) {
    const target = ownValue(into.features, name);
    if (!target) {
      setOwn(into.features, name, structuredClone(dist));
    } else if (target.type === "numeric" && dist.type === "numeric") {
      for (const [k, n] of Object.entries(dist.bins)) bump(target.bins, k, n);
      target.count += dist.count;
      target.sum += dist.sum;
    } else if (target.type === "categorical" && dist.type === "categorical") {
      for (const [k, n] of Object.entries(dist.counts)) bump(target.counts, k, n);
    }
  }
}

export type DayRollup = { hours: number; volume: number; mixedTypes: boolean; distributions: BucketDistributions };

/**
 * A UTC day's hourly rollups merged into one (hours in time order), for metric_rollups_daily.
 * `mixedTypes` says a feature came as numbers in some of the hours and as categories in others:
 * mergeDistributions keeps the first type seen and skips the other, so merging such a day first
 * and then the range would not equal merging the range's hours. Reads take such a day's hours.
 */
export function mergeDay(hours: Iterable<{ volume: number; distributions: BucketDistributions }>): DayRollup {
  const day: DayRollup = { hours: 0, volume: 0, mixedTypes: false, distributions: emptyRollup().distributions };
  for (const hour of hours) {
    for (const [name, dist] of Object.entries(hour.distributions.features)) {
      const seen = ownValue(day.distributions.features, name);
      if (seen && seen.type !== dist.type) day.mixedTypes = true;
    }
    mergeDistributions(day.distributions, hour.distributions);
    day.volume += hour.volume;
    day.hours++;
  }
  return day;
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
 */
export function canonicalOrder(d: BucketDistributions): BucketDistributions {
  const features: BucketDistributions["features"] = {};
  for (const name of Object.keys(d.features).sort()) {
    const f = d.features[name]!;
    setOwn(features, name, f.type === "numeric" ? { type: "numeric", bins: sortedCounts(f.bins), count: f.count, sum: f.sum } : { type: "categorical", counts: sortedCounts(f.counts) });
  }
  return { score: d.score, predicted: sortedCounts(d.predicted), confusion: sortedCounts(d.confusion), residuals: sortedCounts(d.residuals), features };
}
