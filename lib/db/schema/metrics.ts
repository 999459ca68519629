import { bigint, bigserial, boolean, index, doublePrecision, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { models } from "./models";
import type { BucketDistributions } from "@/lib/metrics/rollup-types";

/**
 * One row per model and hour: everything the dashboard draws, pre-aggregated, so no page view
 * scans raw predictions. Scalar columns feed the time series; `distributions` (quantile sketches of
 * numeric values, class and category counts, the confusion matrix) feeds drift and histograms.
 * Rows are recomputed whole from the bucket's predictions, so recomputing is always safe.
 */
export const metricRollups = pgTable(
  "metric_rollups",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    volume: bigint({ mode: "number" }).notNull(),
    positiveCount: bigint({ mode: "number" }).notNull().default(0),
    scoreSum: doublePrecision().notNull().default(0),
    scoreCount: bigint({ mode: "number" }).notNull().default(0),
    // Σ max(p, 1 − p): estimated accuracy without labels is this over scoreCount.
    confidenceSum: doublePrecision().notNull().default(0),
    truthCount: bigint({ mode: "number" }).notNull().default(0),
    truthCorrect: bigint({ mode: "number" }).notNull().default(0),
    residualAbsSum: doublePrecision().notNull().default(0),
    residualSqSum: doublePrecision().notNull().default(0),
    residualSum: doublePrecision().notNull().default(0),
    distributions: jsonb().$type<BucketDistributions>().notNull(),
    // DISTRIBUTIONS_VERSION of `distributions`. Rows of an older shape are rebuilt from their raw
    // predictions (the migration that added this column gave them 1 and marked their hours dirty).
    distributionsVersion: smallint().notNull().default(3),
    // segmentsKey() of the splits this hour's metric_rollup_segments rows were written for. An hour
    // of another key (a segment feature declared since, or rollups from before splits existed) is
    // marked dirty and rebuilt; until then a split reports how far that rebuild has come.
    segmentsKey: text().notNull().default(""),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.bucketStart] })],
);

/**
 * Marks of hours whose predictions changed (new rows, late ground truth) and whose rollup must be
 * recomputed: one row per statement and hour, never unique. A unique mark (ON CONFLICT DO NOTHING)
 * loses updates: a refresh could claim the mark an uncommitted batch found already there, recompute
 * the hour without that batch's rows, and leave nothing to say the hour changed again. A batch's
 * own mark is invisible to refreshes until the batch commits, so it is always seen afterwards, and
 * concurrent batches never wait for each other. refreshRollups takes all marks of an hour at once.
 */
export const rollupDirtyBuckets = pgTable(
  "rollup_dirty_buckets",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rollup_dirty_buckets_model_bucket").on(t.modelId, t.bucketStart)],
);

/**
 * One row per model and UTC day: the `distributions` of the day's hourly rollups merged, so drift
 * over a month merges about 30 rows rather than 720. A cache of the hourly rows as they are the
 * hourly rows a cache of the raw ones: refreshRollups recomputes a day whole from its hours
 * whenever one of them changed (see rollupDirtyDays). `mixedTypes` marks a day in which a feature
 * came as numbers in some hours and as categories in others: merging the day first would not equal
 * merging its hours, so reads take that day's hours instead.
 */
export const metricRollupsDaily = pgTable(
  "metric_rollups_daily",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    dayStart: timestamp({ withTimezone: true }).notNull(),
    /** Hourly rollups merged into this row. */
    hours: integer().notNull(),
    volume: bigint({ mode: "number" }).notNull(),
    mixedTypes: boolean().notNull().default(false),
    distributions: jsonb().$type<BucketDistributions>().notNull(),
    /** The oldest DISTRIBUTIONS_VERSION among its hours. */
    distributionsVersion: smallint().notNull().default(3),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.dayStart] })],
);

/**
 * Days whose daily rollup must be recomputed from their hours: marked in the same transaction
 * that recomputes one of the day's hours, with a row lock (ON CONFLICT DO UPDATE), so a day is
 * never taken for recomputing while an hour of it is still being written. Until its row is gone,
 * a day's daily rollup is not read: reads merge its hours instead.
 */
export const rollupDirtyDays = pgTable(
  "rollup_dirty_days",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    dayStart: timestamp({ withTimezone: true }).notNull(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.dayStart] })],
);

export type MetricRollup = typeof metricRollups.$inferSelect;
export type MetricRollupDaily = typeof metricRollupsDaily.$inferSelect;
