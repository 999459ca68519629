import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { canonicalOrder, mergeDistributions } from "@/lib/metrics/aggregate-bucket";
import { featureDrift, outputDrift, sketchHistogram } from "@/lib/metrics/drift";
import { bucketStartOf, rollupScalars, type SeriesRollup } from "@/lib/metrics/series";
import { buildSeries } from "@/lib/metrics/build-series";
import { DISTRIBUTIONS_VERSION, SCORE_BINS, type BucketDistributions, type Counts } from "@/lib/metrics/rollup-types";
import { MetricsQuery } from "@/lib/metrics/schemas";
import type { ModelMetrics } from "@/lib/metrics/metrics-types";

export type { ModelMetrics };
import { assertAllowed, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { loadSampledGroups } from "./load-sampled-accuracy";
import { loadSampledValues } from "./load-sampled-values";
import { loadMarkers } from "./load-markers";
import { loadSplit, resolveSegment } from "./load-split";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_REFERENCE_DAYS = 7;
const SCORE_EDGES = Array.from({ length: SCORE_BINS + 1 }, (_, i) => i / SCORE_BINS);


/** Everything the model page and GET /api/v1/models/{model}/metrics show, from rollups only. */
export async function getModelMetrics(ctx: ServiceContext, slug: string, rawQuery: unknown): Promise<ModelMetrics> {
  const query = parseInput(MetricsQuery, rawQuery);
  return metricsOf(ctx, await findModelBySlug(ctx.db, slug), query);
}

/** The same for a model row the caller has just read (the overview reads them all first). */
export async function getModelMetricsOf(ctx: ServiceContext, model: Model, rawQuery: unknown): Promise<ModelMetrics> {
  return metricsOf(ctx, model, parseInput(MetricsQuery, rawQuery));
}

async function metricsOf(ctx: ServiceContext, model: Model, query: MetricsQuery): Promise<ModelMetrics> {
  assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
  if (query.segment) resolveSegment(model, query.segment);
  // Reads never aggregate raw predictions: hours still waiting for the refresher or the job are
  // reported as pending, and a day still waiting is merged from its hours.
  const state = await rollupState(ctx.db, model.id);

  const from = bucketStartOf(query.from, query.bucket);
  const to = query.to;
  const matureBefore = new Date(Date.now() - model.labelMaturityDays * DAY_MS);
  const reference = referenceWindow(model, state.firstBucket);

  const step = query.bucket === "hour" ? HOUR_MS : DAY_MS;
  // Independent reads, side by side: the series' scalars, both windows' distributions, and the
  // human labels of the range.
  const window = { from, to, bucket: query.bucket, matureBefore };
  const [rows, windows, sampledGroups, sampledValues, markers, split] = await Promise.all([
    loadSeries(ctx.db, model, from, to),
    loadDistributions(ctx.db, model.id, reference ? [{ from, to }, reference] : [{ from, to }]),
    loadSampledGroups(ctx.db, model, from, to, step),
    loadSampledValues(ctx.db, model, from, to, step),
    loadMarkers(ctx.db, model.id, from, to),
    query.segment ? loadSplit(ctx.db, model, query.segment, window) : null,
  ]);
  const current = windows[0]!;
  const referenceDist = reference ? windows[1]! : null;
  // A window with a rollup still of the old shape is being rebuilt: no drift rather than a mix.
  const rebuilding = windows.some((w) => w.outdated) ? await rebuildProgress(ctx.db, model.id) : null;
  const judged = referenceDist && !rebuilding ? referenceDist : null;
  const minN = model.driftMinN;

  const { series, totals } = buildSeries(model, rows, window, { groups: sampledGroups, values: sampledValues });

  return {
    model: model.slug,
    task: model.task,
    from: from.toISOString(),
    to: to.toISOString(),
    bucket: query.bucket,
    labelMaturityDays: model.labelMaturityDays,
    matureBefore: matureBefore.toISOString(),
    series,
    totals,
    drift: {
      reference: reference ? { from: reference.from.toISOString(), to: reference.to.toISOString(), volume: referenceDist?.volume ?? 0 } : null,
      minN,
      rebuilding,
      score: model.task === "regression" || rebuilding ? null : outputDrift(judged?.d.scoreSketch ?? null, current.d.scoreSketch, minN),
      prediction: model.task !== "regression" || rebuilding ? null : outputDrift(judged?.d.predictedValue ?? null, current.d.predictedValue, minN),
      features: judged ? featureDrift(judged.d, current.d, minN) : [],
    },
    distributions: {
      score: model.task === "regression" ? null : { edges: SCORE_EDGES, reference: referenceDist?.d.score ?? [], current: current.d.score },
      confusion: model.task === "regression" ? null : confusionMatrix(model.classes, current.d.confusion),
      residuals: model.task === "regression" && !current.outdated ? sketchHistogram(current.d.residualSketch) : null,
    },
    pendingBuckets: state.pendingHours,
    markers,
    ...(split ? { segment: split.segment, segments: split.segments, segmentsRebuilding: split.rebuilding } : {}),
  };
}

/**
 * The scalar columns of the hourly rollups in [from, to), in time order, as one JSON array of
 * arrays: parsing it at once costs a fraction of 720 rows of 11 columns parsed one by one (and
 * PostgreSQL writes float8 in JSON in its shortest exact form, so the numbers are the same). Class
 * counts only where a point uses them (multiclass class shares): taking one key of the
 * distributions reads and decompresses all of it, for every hour of the range.
 */
async function loadSeries(db: DbOrTx, model: Pick<Model, "id" | "task">, from: Date, to: Date): Promise<SeriesRollup[]> {
  const multiclass = model.task === "multiclass";
  const [result] = await db.execute<{ hours: [number, ...(number | string)[]][] | null }>(sql`
    select json_agg(json_build_array(extract(epoch from bucket_start)::float8 * 1000, volume, positive_count, score_count, confidence_sum,
      truth_count, truth_correct, residual_abs_sum, residual_sq_sum, residual_sum${multiclass ? sql`, distributions -> 'predicted'` : sql``}) order by bucket_start) as hours
    from metric_rollups
    where model_id = ${model.id}::uuid and bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz
  `);
  return (result?.hours ?? []).map((h) => ({
    bucketStart: new Date(h[0]),
    ...rollupScalars(h, 1),
    predicted: multiclass ? ((h[10] as unknown as Counts | null) ?? {}) : {},
  }));
}

const ceilTo = (date: Date, size: number) => new Date(Math.ceil(date.getTime() / size) * size);
const floorTo = (date: Date, size: number) => new Date(Math.floor(date.getTime() / size) * size);

type Span = [start: number, end: number];
type WindowPlan = { days: Span; edges: Span[] };
type RollupRow = { day: boolean; at: number; volume: number; version: number; distributions: BucketDistributions };
type WindowDistributions = { d: BucketDistributions; volume: number; outdated: boolean };

/**
 * Which rollups make up the hours that start in [from, to): the daily rollups of the whole UTC
 * days in between, and the hourly rollups of the hours before and after them. Hour buckets start
 * on the hour, so "start >= from and start < to" is "starts in [ceil-hour(from), ceil-hour(to))".
 */
function planWindow(from: Date, to: Date): WindowPlan {
  const firstHour = ceilTo(from, HOUR_MS).getTime();
  const endHour = ceilTo(to, HOUR_MS).getTime();
  const firstDay = Math.min(ceilTo(new Date(firstHour), DAY_MS).getTime(), endHour);
  const endDay = Math.max(firstDay, floorTo(new Date(endHour), DAY_MS).getTime());
  return { days: [firstDay, endDay], edges: [[firstHour, firstDay], [endDay, endHour]] };
}

const within = (column: SQL, spans: Span[]) =>
  sql.join(
    spans.map(([start, end]) => sql`(${column} >= ${new Date(start).toISOString()}::timestamptz and ${column} < ${new Date(end).toISOString()}::timestamptz)`),
    sql` or `,
  );

/**
 * The distributions of each window, merged in time order: a month is about 30 daily rows and 24
 * hourly ones rather than 720. A day whose daily rollup is not to be used (missing, marked to be
 * merged again, or mixing a feature's types) is merged from its hours instead. One statement
 * fetches every row the windows need, each once (the reference window often lies in the range).
 */
export async function loadDistributions(db: DbOrTx, modelId: string, windows: { from: Date; to: Date }[]): Promise<WindowDistributions[]> {
  const plans = windows.map((w) => planWindow(w.from, w.to));
  const daySpans = plans.map((p) => p.days).filter(([start, end]) => end > start);
  const hourSpans = plans.flatMap((p) => p.edges).filter(([start, end]) => end > start);
  const parts: SQL[] = [];
  if (daySpans.length) {
    parts.push(sql`
      select true as day, extract(epoch from d.day_start)::float8 * 1000 as at, d.volume::float8 as volume, d.distributions_version as version, d.distributions
      from metric_rollups_daily d
      where d.model_id = ${modelId}::uuid and (${within(sql`d.day_start`, daySpans)}) and not d.mixed_types
        and not exists (select 1 from rollup_dirty_days x where x.model_id = d.model_id and x.day_start = d.day_start)`);
  }
  if (hourSpans.length) parts.push(hourlySql(modelId, hourSpans));
  const rows: RollupRow[] = parts.length ? [...(await db.execute<RollupRow>(sql.join(parts, sql` union all `)))] : [];

  // Days without a usable daily rollup: their hours, in one more statement (rarely needed).
  const usable = new Set(rows.filter((r) => r.day).map((r) => r.at));
  const missing: Span[] = [];
  for (const [start, end] of daySpans) {
    for (let day = start; day < end; day += DAY_MS) {
      if (usable.has(day)) continue;
      const last = missing[missing.length - 1];
      if (last && last[1] === day) last[1] = day + DAY_MS;
      else missing.push([day, day + DAY_MS]);
    }
  }
  if (missing.length) {
    const fetched = new Set(rows.filter((r) => !r.day).map((r) => r.at));
    for (const row of await db.execute<RollupRow>(hourlySql(modelId, missing))) if (!fetched.has(row.at)) rows.push(row);
  }
  rows.sort((a, b) => a.at - b.at);

  return plans.map(({ days: [firstDay, endDay], edges }) => {
    const taken = rows.filter((row) => {
      const inDays = row.at >= firstDay && row.at < endDay;
      // A day's own row, or an hour of an edge or of a day that had no usable row.
      return row.day ? inDays : inDays ? !usable.has(floorTo(new Date(row.at), DAY_MS).getTime()) : edges.some(([s, e]) => row.at >= s && row.at < e);
    });
    return {
      d: canonicalOrder(mergeDistributions(taken.map((row) => row.distributions))),
      volume: taken.reduce((v, row) => v + row.volume, 0),
      outdated: taken.some((row) => row.version < DISTRIBUTIONS_VERSION),
    };
  });
}

function hourlySql(modelId: string, spans: Span[]): SQL {
  return sql`
    select false as day, extract(epoch from h.bucket_start)::float8 * 1000 as at, h.volume::float8 as volume, h.distributions_version as version, h.distributions
    from metric_rollups h
    where h.model_id = ${modelId}::uuid and (${within(sql`h.bucket_start`, spans)})`;
}

/** How far the rebuild of the model's rollups into the current shape has come, in hours. */
async function rebuildProgress(db: DbOrTx, modelId: string): Promise<{ done: number; total: number }> {
  const [row] = await db.execute<{ done: number; total: number }>(sql`
    select (count(*) filter (where distributions_version >= ${DISTRIBUTIONS_VERSION}))::int as done, count(*)::int as total
    from metric_rollups where model_id = ${modelId}::uuid`);
  return { done: row?.done ?? 0, total: row?.total ?? 0 };
}

/** Hours (and whether any days) of the model still to be aggregated, and its first hourly rollup. */
export async function rollupState(db: DbOrTx, modelId: string): Promise<{ pendingHours: number; pendingDays: boolean; firstBucket: Date | null }> {
  const [row] = await db.execute<{ hours: number; days: boolean; first: number | null }>(sql`
    select (select count(distinct bucket_start) from rollup_dirty_buckets where model_id = ${modelId}::uuid)::int as hours,
      exists (select 1 from rollup_dirty_days where model_id = ${modelId}::uuid) as days,
      (select extract(epoch from min(bucket_start))::float8 * 1000 from metric_rollups where model_id = ${modelId}::uuid) as first`);
  return { pendingHours: row?.hours ?? 0, pendingDays: row?.days ?? false, firstBucket: row?.first == null ? null : new Date(row.first) };
}

/** The model's reference window, or by default the first 7 days of its data. */
export function referenceWindow(model: Model, firstBucket: Date | null): { from: Date; to: Date } | null {
  if (model.referenceFrom && model.referenceTo) return { from: model.referenceFrom, to: model.referenceTo };
  if (!firstBucket) return null;
  const from = bucketStartOf(firstBucket, "day");
  return { from, to: new Date(from.getTime() + DEFAULT_REFERENCE_DAYS * DAY_MS) };
}

function confusionMatrix(classes: string[], counts: Counts): { classes: string[]; counts: number[][] } {
  const seen = new Set(classes);
  for (const key of Object.keys(counts)) for (const c of key.split("\u2192")) seen.add(c);
  const all = [...seen];
  return { classes: all, counts: all.map((actual) => all.map((predicted) => counts[`${actual}\u2192${predicted}`] ?? 0)) };
}

