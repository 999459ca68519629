import { and, asc, eq, gte, lt, min, sql } from "drizzle-orm";
import { metricRollups, type Model } from "@/lib/db/schema";
import type { DbOrTx, Database } from "@/lib/db/connect";
import { emptyRollup, mergeDistributions } from "@/lib/metrics/aggregate-bucket";
import { featureDrift, finePsi, scorePsi, SCORE_EDGES } from "@/lib/metrics/drift";
import { bucketStartOf, groupRollups, seriesPoint, type SeriesPoint, type SeriesRollup } from "@/lib/metrics/series";
import type { BucketDistributions, Counts } from "@/lib/metrics/rollup-types";
import { MetricsQuery } from "@/lib/metrics/schemas";
import type { ModelMetrics } from "@/lib/metrics/metrics-types";

export type { ModelMetrics };
import { assertAllowed, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models/find-model";
import { refreshRollups } from "./refresh-rollups";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_REFERENCE_DAYS = 7;
/** Hours a read may bring up to date itself; more than that waits for the rollup job. */
const READ_REFRESH_LIMIT = 48;


/** Everything the model page and GET /api/v1/models/{model}/metrics show, from rollups only. */
export async function getModelMetrics(ctx: ServiceContext, slug: string, rawQuery: unknown): Promise<ModelMetrics> {
  const query = parseInput(MetricsQuery, rawQuery);
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
  await refreshRollups(ctx.db, { modelId: model.id, maxBuckets: READ_REFRESH_LIMIT });

  const from = bucketStartOf(query.from, query.bucket);
  const to = query.to;
  const matureBefore = new Date(Date.now() - model.labelMaturityDays * DAY_MS);

  const rows = await loadSeries(ctx.db, model.id, from, to);
  const grouped = new Map(groupRollups(rows, query.bucket).map((g) => [g.bucketStart.getTime(), g]));
  const step = query.bucket === "hour" ? HOUR_MS : DAY_MS;
  const series: SeriesPoint[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += step) {
    series.push(seriesPoint(model, grouped.get(t) ?? emptySeries(new Date(t)), { bucketEnd: new Date(t + step), matureBefore }));
  }
  const totals = seriesPoint(model, groupRollups(rows, "all")[0] ?? emptySeries(from), { bucketEnd: to, matureBefore });
  totals.start = from.toISOString();

  const reference = await referenceWindow(ctx.db, model);
  const [current, referenceDist] = await Promise.all([
    loadDistributions(ctx.db, model.id, from, to),
    reference ? loadDistributions(ctx.db, model.id, reference.from, reference.to) : Promise.resolve(null),
  ]);
  const pending = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from rollup_dirty_buckets where model_id = ${model.id}::uuid`);

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
      score: model.task === "regression" ? null : { psi: referenceDist ? scorePsi(referenceDist.d.score, current.d.score) : null },
      prediction: model.task === "regression" ? { psi: referenceDist ? finePsi(referenceDist.d.predicted, current.d.predicted) : null } : null,
      features: referenceDist ? featureDrift(referenceDist.d, current.d) : [],
    },
    distributions: {
      score: model.task === "regression" ? null : { edges: SCORE_EDGES, reference: referenceDist?.d.score ?? [], current: current.d.score },
      confusion: model.task === "regression" ? null : confusionMatrix(model.classes, current.d.confusion),
      residuals: model.task === "regression" ? current.d.residuals : null,
    },
    pendingBuckets: pending[0]?.n ?? 0,
  };
}

function emptySeries(bucketStart: Date): SeriesRollup {
  return { bucketStart, volume: 0, positiveCount: 0, scoreCount: 0, confidenceSum: 0, truthCount: 0, truthCorrect: 0, residualAbsSum: 0, residualSqSum: 0, residualSum: 0, predicted: {} };
}

async function loadSeries(db: DbOrTx, modelId: string, from: Date, to: Date): Promise<SeriesRollup[]> {
  const rows = await db
    .select({
      bucketStart: metricRollups.bucketStart,
      volume: metricRollups.volume,
      positiveCount: metricRollups.positiveCount,
      scoreCount: metricRollups.scoreCount,
      confidenceSum: metricRollups.confidenceSum,
      truthCount: metricRollups.truthCount,
      truthCorrect: metricRollups.truthCorrect,
      residualAbsSum: metricRollups.residualAbsSum,
      residualSqSum: metricRollups.residualSqSum,
      residualSum: metricRollups.residualSum,
      predicted: sql<Counts>`${metricRollups.distributions} -> 'predicted'`,
    })
    .from(metricRollups)
    .where(and(eq(metricRollups.modelId, modelId), gte(metricRollups.bucketStart, from), lt(metricRollups.bucketStart, to)))
    .orderBy(asc(metricRollups.bucketStart));
  return rows;
}

async function loadDistributions(db: DbOrTx, modelId: string, from: Date, to: Date): Promise<{ d: BucketDistributions; volume: number }> {
  const rows = await db
    .select({ volume: metricRollups.volume, distributions: metricRollups.distributions })
    .from(metricRollups)
    .where(and(eq(metricRollups.modelId, modelId), gte(metricRollups.bucketStart, from), lt(metricRollups.bucketStart, to)));
  const merged = emptyRollup().distributions;
  let volume = 0;
  for (const row of rows) {
    mergeDistributions(merged, row.distributions);
    volume += row.volume;
  }
  return { d: merged, volume };
}

/** The model's reference window, or by default the first 7 days of its data. */
async function referenceWindow(db: Database, model: Model): Promise<{ from: Date; to: Date } | null> {
  if (model.referenceFrom && model.referenceTo) return { from: model.referenceFrom, to: model.referenceTo };
  const [first] = await db.select({ at: min(metricRollups.bucketStart) }).from(metricRollups).where(eq(metricRollups.modelId, model.id));
  if (!first?.at) return null;
  const from = bucketStartOf(first.at, "day");
  return { from, to: new Date(from.getTime() + DEFAULT_REFERENCE_DAYS * DAY_MS) };
}

function confusionMatrix(classes: string[], counts: Counts): { classes: string[]; counts: number[][] } {
  const seen = new Set(classes);
  for (const key of Object.keys(counts)) for (const c of key.split("\u2192")) seen.add(c);
  const all = [...seen];
  return { classes: all, counts: all.map((actual) => all.map((predicted) => counts[`${actual}\u2192${predicted}`] ?? 0)) };
}

