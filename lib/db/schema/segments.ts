import { bigint, doublePrecision, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Counts } from "@/lib/metrics/rollup-types";
import { models } from "./models";

/**
 * One row per model, hour, segment and segment value: the scalar figures of metric_rollups for the
 * predictions of one model version (`segment` = "version") or of one value of a declared segment
 * feature (`segment` = "feature:<name>"). Written in the same transaction that recomputes the hour's
 * rollup, whole, so splits by version or segment read rollups and never raw rows. The key leads
 * with (model, segment, hour): a chart split by one segment reads one contiguous range.
 */
export const metricRollupSegments = pgTable(
  "metric_rollup_segments",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    segment: text().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    value: text().notNull(),
    volume: bigint({ mode: "number" }).notNull(),
    positiveCount: bigint({ mode: "number" }).notNull().default(0),
    scoreCount: bigint({ mode: "number" }).notNull().default(0),
    confidenceSum: doublePrecision().notNull().default(0),
    truthCount: bigint({ mode: "number" }).notNull().default(0),
    truthCorrect: bigint({ mode: "number" }).notNull().default(0),
    residualAbsSum: doublePrecision().notNull().default(0),
    residualSqSum: doublePrecision().notNull().default(0),
    residualSum: doublePrecision().notNull().default(0),
    /** Predicted class → count; multiclass models only (class shares), `{}` otherwise. */
    predicted: jsonb().$type<Counts>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.segment, t.bucketStart, t.value] })],
);

export type MetricRollupSegment = typeof metricRollupSegments.$inferSelect;
