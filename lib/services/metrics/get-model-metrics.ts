import "server-only";
import { sql } from "drizzle-orm";
import type { Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { featureDrift, outputDrift, sketchHistogram } from "@/lib/metrics/drift";
import { featureQuality } from "@/lib/metrics/feature-quality";
import { bucketStartOf } from "@/lib/metrics/series";
import { buildSeries } from "@/lib/metrics/build-series";
import { emptyDistributions } from "@/lib/metrics/aggregate-bucket";
import { DISTRIBUTIONS_VERSION, SCORE_BINS, type Counts } from "@/lib/metrics/rollup-types";
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
import { loadDistributions, type WindowDistributions } from "./load-distributions";
import { loadSeries } from "./load-series";

export { loadDistributions };

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
      ...driftFigures(model, current, referenceDist, rebuilding !== null),
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
 * Score or prediction drift and each feature's, the current window against the reference. No
 * verdict while a window's rollups are being rebuilt into the current shape (rather than a mix).
 */
export function driftFigures(model: Pick<Model, "task" | "driftMinN">, current: WindowDistributions, reference: WindowDistributions | null, rebuilding: boolean): DriftFigures {
  // Windows come from the cache as the same objects while their rollups are unchanged (a scrape's
  // reference and current windows, every 15 s): the same two windows give the same figures.
  const byReference = driftMemo.get(current) ?? new WeakMap<WindowDistributions, Map<string, DriftFigures>>();
  driftMemo.set(current, byReference);
  const memo = byReference.get(reference ?? NO_REFERENCE) ?? new Map<string, DriftFigures>();
  byReference.set(reference ?? NO_REFERENCE, memo);
  const key = `${model.task} ${model.driftMinN} ${rebuilding}`;
  const known = memo.get(key);
  if (known) return known;
  const figures = computeDrift(model, current, reference, rebuilding);
  memo.set(key, figures);
  return figures;
}

type DriftFigures = Pick<ModelMetrics["drift"], "score" | "prediction" | "features">;
const driftMemo = new WeakMap<WindowDistributions, WeakMap<WindowDistributions, Map<string, DriftFigures>>>();
const NO_REFERENCE: WindowDistributions = { d: emptyDistributions(), volume: 0, outdated: false };

function computeDrift(model: Pick<Model, "task" | "driftMinN">, current: WindowDistributions, reference: WindowDistributions | null, rebuilding: boolean): DriftFigures {
  const judged = reference && !rebuilding ? reference : null;
  const minN = model.driftMinN;
  return {
    score: model.task === "regression" || rebuilding ? null : outputDrift(judged?.d.scoreSketch ?? null, current.d.scoreSketch, minN),
    prediction: model.task !== "regression" || rebuilding ? null : outputDrift(judged?.d.predictedValue ?? null, current.d.predictedValue, minN),
    features: judged ? featureDrift(judged.d, current.d, minN).map((f) => ({ ...f, quality: featureQuality(f.name, judged, current) })) : [],
  };
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

