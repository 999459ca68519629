import { bigint, doublePrecision, jsonb, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { models } from "./models";
import type { BucketDistributions } from "@/lib/metrics/rollup-types";

/**
 * One row per model and hour: everything the dashboard draws, pre-aggregated, so no page view
 * scans raw predictions. Scalar columns feed the time series; `distributions` (histograms on
 * fixed fine bins, class and category counts, the confusion matrix) feeds drift and histograms.
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
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.bucketStart] })],
);

/**
 * Hours whose predictions changed (new rows, late ground truth) and whose rollup must be
 * recomputed. Ingest adds rows here with ON CONFLICT DO NOTHING, which takes no row lock, so
 * concurrent batches never queue behind each other.
 */
export const rollupDirtyBuckets = pgTable(
  "rollup_dirty_buckets",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.bucketStart] })],
);

export type MetricRollup = typeof metricRollups.$inferSelect;
