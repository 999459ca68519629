import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Model } from "@/lib/db/schema";
import type { SeriesWindow } from "@/lib/metrics/build-series";
import { addCounts, segmentsKey, segmentValueOf } from "@/lib/metrics/segments";
import { NO_VERSION, type SegmentFeature, type SegmentName } from "@/lib/metrics/segment-types";
import { splitSeries, type SplitSegment } from "@/lib/metrics/split-series";
import type { Counts } from "@/lib/metrics/rollup-types";
import { rollupScalars } from "@/lib/metrics/series";
import { ServiceError } from "../errors";
import { loadSampledGroups } from "./load-sampled-accuracy";
import { loadSampledValues } from "./load-sampled-values";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export type Split = { segment: SegmentName; segments: SplitSegment[]; rebuilding: { done: number; total: number } | null };

/** The declared feature a `feature:<name>` split names, or a 400 that lists what may be asked. */
export function resolveSegment(model: Pick<Model, "segmentFeatures">, segment: string): { segment: SegmentName; feature: SegmentFeature | null } {
  if (segment === "version") return { segment, feature: null };
  const name = segment.startsWith("feature:") ? segment.slice("feature:".length) : null;
  const feature = name === null ? undefined : model.segmentFeatures.find((f) => f.name === name);
  if (!feature) {
    const allowed = ["version", ...model.segmentFeatures.map((f) => `feature:${f.name}`)].join(", ");
    throw new ServiceError("invalid_input", `segment: must be one of ${allowed} (a feature must be declared as a segment in the model's settings)`, { segment: [`must be one of ${allowed}`] });
  }
  return { segment: `feature:${feature.name}`, feature };
}

/**
 * A model's figures over a range split by version or by a declared segment feature, from
 * metric_rollup_segments (summed per bucket in PostgreSQL) and the range's labelled items (each
 * given its value from its prediction). Hours whose split rows were written for another set of
 * segments are being rebuilt: `rebuilding` says how far, over the range's hours.
 */
export async function loadSplit(db: DbOrTx, model: Model, requested: string, window: SeriesWindow): Promise<Split> {
  const { segment, feature } = resolveSegment(model, requested);
  const { from, to, bucket } = window;
  const step = bucket === "hour" ? HOUR_MS : DAY_MS;
  const split = feature ? sql`p.features -> ${feature.name}::text` : sql`(select v.name from model_versions v where v.id = p.version_id)`;
  const valueOf = (raw: unknown) => (feature ? segmentValueOf(feature, raw) : typeof raw === "string" ? raw : NO_VERSION);
  const [rows, groups, values, progress] = await Promise.all([
    loadSegmentRows(db, model, segment, from, to, bucket),
    loadSampledGroups(db, model, from, to, step, split),
    loadSampledValues(db, model, from, to, step, split),
    segmentRebuild(db, model, { from, to }),
  ]);
  const segments = splitSeries(
    model,
    { rows, groups: groups.map((g) => ({ ...g, value: valueOf(g.split) })), values: values.map((v) => ({ ...v, value: valueOf(v.split) })) },
    window,
  );
  return { segment, segments, rebuilding: progress };
}

/**
 * How far the background rebuild of a model's split rows has come: its hours (in the range, when
 * given) whose rollups were written for its current segment features, of all of them; null once
 * none is left.
 */
export async function segmentRebuild(db: DbOrTx, model: Pick<Model, "id" | "segmentFeatures">, range?: { from: Date; to: Date }): Promise<{ done: number; total: number } | null> {
  const [row] = await db.execute<{ done: number; total: number }>(sql`
    select (count(*) filter (where segments_key = ${segmentsKey(model.segmentFeatures)}))::int as done, count(*)::int as total
    from metric_rollups
    where model_id = ${model.id}::uuid${range ? sql` and bucket_start >= ${range.from.toISOString()}::timestamptz and bucket_start < ${range.to.toISOString()}::timestamptz` : sql``}`);
  const { done = 0, total = 0 } = row ?? {};
  return done < total ? { done, total } : null;
}

/**
 * The split's rollups in [from, to), added up per value and bucket in PostgreSQL (a month of days
 * by 20 values is 600 rows rather than 14,400), as one JSON array, as loadSeries reads the hours.
 */
async function loadSegmentRows(db: DbOrTx, model: Pick<Model, "id" | "task">, segment: SegmentName, from: Date, to: Date, bucket: "hour" | "day") {
  const multiclass = model.task === "multiclass";
  const [result] = await db.execute<{ rows: [string, number, ...(number | string)[]][] | null }>(sql`
    select json_agg(json_build_array(value, at, volume, positive_count, score_count, confidence_sum, truth_count, truth_correct,
      residual_abs_sum, residual_sq_sum, residual_sum${multiclass ? sql`, predicted` : sql``})) as rows
    from (
      select value, extract(epoch from date_trunc(${bucket}, bucket_start, 'UTC'))::float8 * 1000 as at, sum(volume)::float8 as volume,
        sum(positive_count)::float8 as positive_count, sum(score_count)::float8 as score_count, sum(confidence_sum) as confidence_sum,
        sum(truth_count)::float8 as truth_count, sum(truth_correct)::float8 as truth_correct, sum(residual_abs_sum) as residual_abs_sum,
        sum(residual_sq_sum) as residual_sq_sum, sum(residual_sum) as residual_sum${multiclass ? sql`, json_agg(predicted) as predicted` : sql``}
      from metric_rollup_segments
      where model_id = ${model.id}::uuid and segment = ${segment} and bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz
      group by 1, 2
    ) s`);
  return (result?.rows ?? []).map((r) => {
    const predicted: Counts = {};
    if (multiclass) for (const counts of r[11] as unknown as Counts[]) addCounts(predicted, counts);
    return {
      value: r[0],
      bucketStart: new Date(r[1]),
      ...rollupScalars(r, 2),
      predicted,
    };
  });
}
