import type { ModelTask } from "@/lib/models/constants";
import { sampledAccuracyByBucket, type SampledGroup } from "./sampled-accuracy";
import { sampledMaeByBucket, type SampledValue } from "./sampled-mae";
import { groupRollups, seriesPoint, type Bucket, type SeriesPoint, type SeriesRollup } from "./series";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export type SeriesWindow = { from: Date; to: Date; bucket: Bucket; matureBefore: Date };

export function emptySeries(bucketStart: Date): SeriesRollup {
  return { bucketStart, volume: 0, positiveCount: 0, scoreCount: 0, confidenceSum: 0, truthCount: 0, truthCorrect: 0, residualAbsSum: 0, residualSqSum: 0, residualSum: 0, predicted: {} };
}

/**
 * Every bucket of [from, to) as a point (empty buckets included, with no figures), and the range's
 * totals, from hourly (or already bucketed) rollups and the range's labelled items. The whole
 * model's series and each split's are built here alike.
 */
export function buildSeries(
  model: { task: ModelTask; classes: string[] },
  rows: SeriesRollup[],
  window: SeriesWindow,
  labels: { groups: readonly SampledGroup[]; values: readonly SampledValue[] },
): { series: SeriesPoint[]; totals: SeriesPoint } {
  const { from, to, bucket, matureBefore } = window;
  const step = bucket === "hour" ? HOUR_MS : DAY_MS;
  const sampled = sampledAccuracyByBucket(labels.groups);
  const sampledMae = sampledMaeByBucket(labels.values);
  // Hourly rows are one per hour already (the table's key): only days need adding up.
  const grouped = new Map((bucket === "hour" ? rows : groupRollups(rows, bucket)).map((g) => [g.bucketStart.getTime(), g]));
  const series: SeriesPoint[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += step) {
    const point = seriesPoint(model, grouped.get(t) ?? emptySeries(new Date(t)), { bucketEnd: t + step, matureBefore });
    if (model.task !== "regression") point.sampledAccuracy = sampled.byBucket.get(t) ?? null;
    else point.sampledMae = sampledMae.byBucket.get(t) ?? null;
    series.push(point);
  }
  const totals = seriesPoint(model, groupRollups(rows, "all")[0] ?? emptySeries(from), { bucketEnd: to, matureBefore });
  totals.start = from.toISOString();
  if (model.task !== "regression") totals.sampledAccuracy = sampled.total;
  else totals.sampledMae = sampledMae.total;
  return { series, totals };
}
