import { wilsonInterval, type ProportionEstimate } from "@/lib/stats";
import type { ModelTask } from "@/lib/models/constants";
import type { Counts } from "./rollup-types";
import { countOf, setOwn } from "./own-keys";
import type { SampledAccuracy } from "./sampled-accuracy";
import type { SampledMae } from "./sampled-mae";

/** The scalar part of a rollup: what one point of the time series is computed from. */
export type SeriesRollup = {
  bucketStart: Date;
  volume: number;
  positiveCount: number;
  scoreCount: number;
  confidenceSum: number;
  truthCount: number;
  truthCorrect: number;
  residualAbsSum: number;
  residualSqSum: number;
  residualSum: number;
  /** Predicted class counts (classifiers), for class shares. */
  predicted?: Counts;
};

/**
 * The nine scalar columns of a rollup row (volume … residual_sum, in the tables' order) as read
 * in one JSON array, from `at`. Number(): a float8 that is not finite comes as "Infinity" or "NaN".
 */
export function rollupScalars(columns: readonly (number | string)[], at: number): Omit<SeriesRollup, "bucketStart" | "predicted"> {
  const n = (i: number) => Number(columns[at + i]);
  return { volume: n(0), positiveCount: n(1), scoreCount: n(2), confidenceSum: n(3), truthCount: n(4), truthCorrect: n(5), residualAbsSum: n(6), residualSqSum: n(7), residualSum: n(8) };
}

export type Bucket = "hour" | "day";

/**
 * A bucket with predictions and no ground truth yet still says so (API.md, Metrics out): value,
 * low and high null, n 0, coverage 0. A bucket without predictions has no figure at all (null).
 */
export type GroundTruthAccuracy = { value: number | null; low: number | null; high: number | null; n: number; coverage: number; provisional: boolean };
export type ErrorFigure = { value: number; n: number; coverage: number; provisional: boolean };

export type SeriesPoint = {
  start: string;
  volume: number;
  positiveRate?: ProportionEstimate | null;
  classShare?: Record<string, ProportionEstimate | null>;
  estimatedAccuracy?: { value: number; n: number } | null;
  /** From human labels, weighted by inverse inclusion probability (lib/metrics/sampled-accuracy.ts). */
  sampledAccuracy?: SampledAccuracy | null;
  /** Regression: from human labels, weighted the same way (lib/metrics/sampled-mae.ts). */
  sampledMae?: SampledMae | null;
  groundTruthAccuracy?: GroundTruthAccuracy | null;
  mae?: ErrorFigure | null;
  rmse?: ErrorFigure | null;
  meanResidual?: ErrorFigure | null;
};

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export function bucketStartOf(date: Date, bucket: Bucket): Date {
  const size = bucket === "hour" ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(date.getTime() / size) * size);
}

/** Hourly rollups added up into hour or UTC-day buckets (or one total), in time order. */
export function groupRollups(rows: SeriesRollup[], bucket: Bucket | "all"): SeriesRollup[] {
  const groups = new Map<number, SeriesRollup>();
  for (const row of rows) {
    const start = bucket === "all" ? 0 : bucketStartOf(row.bucketStart, bucket).getTime();
    const g = groups.get(start);
    if (!g) {
      groups.set(start, { ...row, bucketStart: new Date(start), predicted: { ...row.predicted } });
      continue;
    }
    g.volume += row.volume;
    g.positiveCount += row.positiveCount;
    g.scoreCount += row.scoreCount;
    g.confidenceSum += row.confidenceSum;
    g.truthCount += row.truthCount;
    g.truthCorrect += row.truthCorrect;
    g.residualAbsSum += row.residualAbsSum;
    g.residualSqSum += row.residualSqSum;
    g.residualSum += row.residualSum;
    const predicted = row.predicted;
    if (predicted) for (const k of Object.keys(predicted)) setOwn(g.predicted!, k, countOf(g.predicted!, k) + predicted[k]!);
  }
  return [...groups.values()].sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
}

/**
 * One point of the series, by the definitions in DESIGN.md. A bucket younger than the model's label
 * maturity window has provisional ground-truth figures: more truth may still arrive.
 */
export function seriesPoint(
  model: { task: ModelTask; classes: string[] },
  g: SeriesRollup,
  options: { bucketEnd: Date | number; matureBefore: Date | number },
): SeriesPoint {
  const time = (d: Date | number) => (typeof d === "number" ? d : d.getTime());
  const provisional = time(options.bucketEnd) > time(options.matureBefore);
  const coverage = g.volume > 0 ? g.truthCount / g.volume : 0;
  const point: SeriesPoint = { start: g.bucketStart.toISOString(), volume: g.volume };

  if (model.task === "regression") {
    const n = g.truthCount;
    const figure = (value: number): ErrorFigure | null => (n && !Number.isNaN(value) ? { value: clampFinite(value), n, coverage, provisional } : null);
    point.mae = figure(g.residualAbsSum / n);
    point.rmse = figure(Math.sqrt(g.residualSqSum / n));
    point.meanResidual = figure(g.residualSum / n);
    // From the labelling queue, not the rollups: the metrics service fills it in.
    point.sampledMae = null;
    return point;
  }
  if (model.task === "binary") point.positiveRate = wilsonInterval(g.positiveCount, g.volume);
  else point.classShare = Object.fromEntries(model.classes.map((c) => [c, wilsonInterval(countOf(g.predicted ?? {}, c), g.volume)]));
  point.estimatedAccuracy = g.scoreCount ? { value: g.confidenceSum / g.scoreCount, n: g.scoreCount } : null;
  // From the labelling queue, not the rollups: the metrics service fills it in.
  point.sampledAccuracy = null;
  const truth = wilsonInterval(g.truthCorrect, g.truthCount);
  point.groundTruthAccuracy = truth
    ? { value: truth.value, low: truth.low, high: truth.high, n: truth.n, coverage, provisional }
    : g.volume > 0
      ? { value: null, low: null, high: null, n: 0, coverage: 0, provisional }
      : null;
  return point;
}

/**
 * Residuals beyond about ±1e154 overflow the rollup's sums of squares (and beyond ±1e308 the sums
 * themselves) to ±Infinity, which JSON would write as null, "no data". Such a figure is reported
 * as the largest finite double of its sign instead: "at least this large", as chiSquareTest does.
 * A sum of +Infinity and −Infinity is NaN, which has no value at all: that figure is null.
 */
function clampFinite(value: number): number {
  return Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, value));
}
