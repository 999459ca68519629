import "server-only";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { metricRollupSegments, metricRollups, metricRollupsDaily, models, modelVersions } from "@/lib/db/schema";
import type { Database, Transaction } from "@/lib/db/connect";
import { aggregateBucket, mergeDay, type RollupInputRow } from "@/lib/metrics/aggregate-bucket";
import { DISTRIBUTIONS_VERSION } from "@/lib/metrics/rollup-types";
import { aggregateSegments, segmentsKey } from "@/lib/metrics/segments";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export type RefreshOptions = {
  /** Only this model's hours and days (a read of its figures); every model's by default (the job). */
  modelId?: string;
  /** Hours recomputed at most; the rest wait for the next run. */
  maxBuckets?: number;
  /** Hours claimed (and committed) together. */
  batch?: number;
  /**
   * Days re-merged at most; the rest wait for the next run (reads merge their hours meanwhile).
   * By default 1,000, or a quarter of maxBuckets when that is given.
   */
  maxDays?: number;
  /**
   * Wait for another refresh that holds this model's hours, then take what it left: a caller that
   * must see the batch stored a moment ago (an evaluation) cannot read the rollups that refresh is
   * still writing. Only with modelId.
   */
  waitForOthers?: boolean;
};

/**
 * Recomputes the rollups of hours marked dirty by ingest or late ground truth, whole, from the
 * hour's predictions. Each claim of buckets and their new rollups commit together: a worker that
 * dies half-way leaves the buckets dirty for the next run, and two runs never take the same hour.
 * The days of the hours recomputed are marked in the same transaction, and then merged again from
 * their hours into metric_rollups_daily (refreshDays). Returns how many hours were recomputed.
 */
export async function refreshRollups(db: Database, options: RefreshOptions = {}): Promise<number> {
  const maxBuckets = options.maxBuckets ?? 10_000;
  const batch = options.batch ?? 24;
  // Most reads find nothing to do: one cheap look rather than two claiming transactions.
  const pending = await db.execute<{ hours: boolean; days: boolean }>(sql`
    select exists (select 1 from rollup_dirty_buckets ${modelFilter(options.modelId)}) as hours,
      exists (select 1 from rollup_dirty_days ${modelFilter(options.modelId)}) as days`);
  if (!pending[0]?.hours && !pending[0]?.days) return 0;

  let done = 0;
  let reserved = 0;
  // Each lane claims and recomputes a batch at a time; the limit is reserved before the claim so
  // lanes together never pass maxBuckets.
  const lane = async (): Promise<void> => {
    for (;;) {
      const limit = Math.min(batch, maxBuckets - reserved);
      if (limit <= 0) return;
      reserved += limit;
      const n = await recomputeClaimedHours(db, options.modelId, limit);
      reserved -= limit - n;
      done += n;
      if (n === 0) return;
    }
  };
  if (pending[0]?.hours) {
    // On a backlog a second lane works beside the first: PostgreSQL reads and writes one batch
    // while this process aggregates the other, so a refresh uses both of a small machine's cores.
    const lanes = (await backlogExceeds(db, options.modelId, batch)) ? BACKLOG_LANES : 1;
    await Promise.all(Array.from({ length: lanes }, lane));
    // Marks left behind are held by another refresh (skip locked): it is recomputing those hours.
    let waits = 0;
    while (options.waitForOthers && options.modelId && done < maxBuckets && waits++ < MAX_WAITS && (await waitForHeldHours(db, options.modelId))) await lane();
  }
  // A caller that bounds the hours (a page view) bounds the days too: merging a day reads its
  // 24 hourly rollups, and right after the migration that added them every day waits.
  await refreshDays(db, { modelId: options.modelId, maxDays: options.maxDays ?? (options.maxBuckets === undefined ? 1_000 : Math.ceil(options.maxBuckets / 4)) });
  return done;
}

/** Lanes a refresh runs when more is dirty than one batch. */
const BACKLOG_LANES = 2;

/** Whether more marks wait than one batch takes (marks, not hours: a cheap upper bound). */
async function backlogExceeds(db: Database, modelId: string | undefined, batch: number): Promise<boolean> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from rollup_dirty_buckets ${modelFilter(modelId)} limit ${batch + 1}) marks`);
  return (row?.n ?? 0) > batch;
}

/**
 * Claims up to `limit` dirty hours and recomputes them, whole, from their predictions in one
 * transaction; returns how many hours it took (0: none left that no one else holds).
 */
async function recomputeClaimedHours(db: Database, modelId: string | undefined, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await claimHours(tx, modelId, limit);
    if (claimed.length === 0) return 0;

    const modelIds = [...new Set(claimed.map((c) => c.model_id))];
    const shapes = new Map(
      (await tx.select({ id: models.id, task: models.task, positiveClass: models.positiveClass, segmentFeatures: models.segmentFeatures }).from(models).where(inArray(models.id, modelIds))).map((m) => [m.id, m]),
    );
    const versionNames = await loadVersionNames(tx, modelIds);
    const hours = claimed.flatMap(({ model_id: modelId, bucket_start }) => {
      const model = shapes.get(modelId);
      return model ? [{ modelId, model, start: new Date(bucket_start) }] : [];
    });
    // The next hour's predictions are asked for before this hour is aggregated, so PostgreSQL
    // builds that answer on the other core meanwhile. Writes wait for each other: postgres.js
    // leaves Nagle's algorithm on, and small statements sent back to back stall on it.
    let next = hours.length ? readHour(tx, hours[0]!.modelId, hours[0]!.start) : null;
    try {
      for (let i = 0; i < hours.length; i++) {
        const { modelId, model, start } = hours[i]!;
        const rows = await next!;
        next = i + 1 < hours.length ? readHour(tx, hours[i + 1]!.modelId, hours[i + 1]!.start) : null;
        await tx.delete(metricRollupSegments).where(and(eq(metricRollupSegments.modelId, modelId), eq(metricRollupSegments.bucketStart, start)));
        if (rows.length === 0) {
          await tx.delete(metricRollups).where(and(eq(metricRollups.modelId, modelId), eq(metricRollups.bucketStart, start)));
          continue;
        }
        const rollup = { ...aggregateBucket(model, rows), distributionsVersion: DISTRIBUTIONS_VERSION, segmentsKey: segmentsKey(model.segmentFeatures) };
        const segmentRows = aggregateSegments(model, rows, model.segmentFeatures, (row) => (row.versionId ? (versionNames.get(row.versionId) ?? null) : null));
        // Sums only: the score sum is kept for the hour as a whole, not per segment.
        await tx.insert(metricRollupSegments).values(segmentRows.map(({ scoreSum: _scoreSum, ...r }) => ({ ...r, modelId, bucketStart: start })));
        await tx
          .insert(metricRollups)
          .values({ modelId, bucketStart: start, ...rollup })
          .onConflictDoUpdate({ target: [metricRollups.modelId, metricRollups.bucketStart], set: { ...rollup, computedAt: sql`now()` } });
      }
    } finally {
      // A read still under way when something failed: waited for, its own error already moot.
      await next?.catch(() => {});
    }
    const recomputed = hours.map(({ modelId, start }) => ({ modelId, start }));
    await markDaysDirty(tx, recomputed);
    return claimed.length;
  });
}

/** Times a waiting refresh waits for others before it reads what is there (ingest may go on marking). */
const MAX_WAITS = 3;

/**
 * Blocks until the refreshes holding this model's marks commit or roll back (a plain FOR UPDATE
 * waits where the claim skips), and says whether marks are left to take. Holds nothing else, so
 * it cannot deadlock with the holder.
 */
async function waitForHeldHours(db: Database, modelId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const marks = await tx.execute(sql`select 1 from rollup_dirty_buckets where model_id = ${modelId}::uuid for update`);
    return marks.length > 0;
  });
}

/** A prediction as the rollup of its hour reads it. */
type HourRow = RollupInputRow & { versionId: string | null };

/**
 * One hour's predictions, read as columns: each one JSON array (`features` as their stored JSON
 * joined by commas), parsed at once. Row by row, the driver's decoding of each column and a
 * JSON.parse per `features` cost more than the aggregation itself. The aggregates of one query
 * take its rows in one order, so the i-th entries of the columns are one prediction. PostgreSQL
 * writes float8 in its shortest exact form and jsonb as stored, so the values are those a
 * row-by-row read gives (a non-finite float8 comes as a string: Number() below).
 */
async function readHour(tx: Transaction, modelId: string, start: Date): Promise<HourRow[]> {
  const [columns] = await tx.execute<Record<"features" | "score" | "label" | "value" | "actualLabel" | "actualValue" | "versionId", string | null>>(sql`
    select string_agg(features::text, ',') as features, json_agg(score)::text as score, json_agg(label)::text as label,
      json_agg(value)::text as value, json_agg(actual_label)::text as "actualLabel", json_agg(actual_value)::text as "actualValue",
      json_agg(version_id)::text as "versionId"
    from predictions
    where model_id = ${modelId}::uuid and predicted_at >= ${start.toISOString()}::timestamptz
      and predicted_at < ${new Date(start.getTime() + HOUR_MS).toISOString()}::timestamptz`);
  if (!columns?.features) return [];
  const features = JSON.parse(`[${columns.features}]`) as Record<string, unknown>[];
  const parse = <T>(column: string | null) => JSON.parse(column!) as T[];
  const [score, label, value, actualLabel, actualValue, versionId] = [
    parse<number | string | null>(columns.score),
    parse<string | null>(columns.label),
    parse<number | string | null>(columns.value),
    parse<string | null>(columns.actualLabel),
    parse<number | string | null>(columns.actualValue),
    parse<string | null>(columns.versionId),
  ];
  const number = (v: number | string | null | undefined) => (v === null || typeof v === "number" ? v : Number(v));
  return features.map((f, i) => ({
    score: number(score[i]),
    label: label[i]!,
    value: number(value[i]),
    actualLabel: actualLabel[i]!,
    actualValue: number(actualValue[i]),
    features: f,
    versionId: versionId[i]!,
  }));
}

/**
 * Takes up to `limit` hours waiting for their rollup, with every mark of each that is committed,
 * and holds each hour's lock until the transaction ends, in one order (no deadlock). The lock
 * orders two refreshes of one hour: the later reads the hour's rows after the earlier committed
 * its rollup, so an older computation never overwrites a newer one. Marks made after the claim
 * stay for the next refresh.
 */
async function claimHours(tx: Transaction, modelId: string | undefined, limit: number) {
  const hours = await tx.execute<{ model_id: string; bucket_start: Date | string }>(sql`
    with picked as (
      select distinct model_id, bucket_start from (
        select model_id, bucket_start from rollup_dirty_buckets
        ${modelFilter(modelId)}
        order by bucket_start
        limit ${limit}
        for update skip locked
      ) marks
    ),
    -- Marks another refresh holds are its own to delete: skipping them keeps two refreshes
    -- from waiting on each other's marks (they meet at the hour's lock below instead).
    taken as (
      delete from rollup_dirty_buckets d
      where d.id in (
        select m.id from rollup_dirty_buckets m join picked using (model_id, bucket_start)
        for update of m skip locked)
      returning d.id
    )
    select model_id, bucket_start from picked order by model_id, bucket_start`);
  for (const hour of hours) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`rollup/${hour.model_id}/${new Date(hour.bucket_start).toISOString()}`}, 0))`);
  }
  return hours;
}

/** Version id → name of the models' versions: a split by version names what people know. */
async function loadVersionNames(tx: Transaction, modelIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.select({ id: modelVersions.id, name: modelVersions.name }).from(modelVersions).where(inArray(modelVersions.modelId, modelIds));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function modelFilter(modelId: string | undefined) {
  return modelId ? sql`where model_id = ${modelId}::uuid` : sql``;
}

/**
 * Marks the days of recomputed hours for their daily rollup. DO UPDATE rather than DO NOTHING:
 * it locks the day's row until this transaction commits, so refreshDays (which skips locked rows)
 * cannot merge the day before this hour's new rollup is visible and lose it. Days are locked in
 * one order by every writer, so two refreshes sharing days queue rather than deadlock.
 */
async function markDaysDirty(tx: Transaction, hours: { modelId: string; start: Date }[]) {
  if (!hours.length) return;
  await tx.execute(sql`
    insert into rollup_dirty_days (model_id, day_start)
    select distinct h.model_id, date_trunc('day', h.bucket_start, 'UTC')
    from jsonb_to_recordset(${JSON.stringify(hours.map((h) => ({ model_id: h.modelId, bucket_start: h.start.toISOString() })))}::jsonb)
      as h(model_id uuid, bucket_start timestamptz)
    order by 1, 2
    on conflict (model_id, day_start) do update set marked_at = excluded.marked_at
  `);
}

/**
 * Merges the hourly rollups of days marked dirty into metric_rollups_daily, a few days per
 * transaction; a day without hourly rollups any more loses its daily row. Returns the days done.
 */
export async function refreshDays(db: Database, options: { modelId?: string; maxDays?: number; batch?: number } = {}): Promise<number> {
  const maxDays = options.maxDays ?? 1_000;
  const batch = options.batch ?? 8;
  let done = 0;
  while (done < maxDays) {
    const n = await db.transaction(async (tx) => {
      const claimed = await tx.execute<{ model_id: string; day_start: Date | string }>(sql`
        delete from rollup_dirty_days d
        using (
          select model_id, day_start from rollup_dirty_days
          ${modelFilter(options.modelId)}
          order by day_start
          limit ${Math.min(batch, maxDays - done)}
          for update skip locked
        ) picked
        where d.model_id = picked.model_id and d.day_start = picked.day_start
        returning d.model_id, d.day_start
      `);
      for (const { model_id: modelId, day_start } of claimed) {
        const start = new Date(day_start);
        const hours = await tx
          .select({ volume: metricRollups.volume, distributionsVersion: metricRollups.distributionsVersion, distributions: metricRollups.distributions })
          .from(metricRollups)
          .where(and(eq(metricRollups.modelId, modelId), gte(metricRollups.bucketStart, start), lt(metricRollups.bucketStart, new Date(start.getTime() + DAY_MS))))
          .orderBy(asc(metricRollups.bucketStart));
        if (hours.length === 0) {
          await tx.delete(metricRollupsDaily).where(and(eq(metricRollupsDaily.modelId, modelId), eq(metricRollupsDaily.dayStart, start)));
          continue;
        }
        const day = mergeDay(hours);
        await tx
          .insert(metricRollupsDaily)
          .values({ modelId, dayStart: start, ...day })
          .onConflictDoUpdate({ target: [metricRollupsDaily.modelId, metricRollupsDaily.dayStart], set: { ...day, computedAt: sql`now()` } });
      }
      return claimed.length;
    });
    if (n === 0) break;
    done += n;
  }
  return done;
}
