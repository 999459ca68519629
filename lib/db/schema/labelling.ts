import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { DEFAULT_SAMPLING_POLICY, SKIP_REASONS, STRATIFICATIONS } from "@/lib/labelling/constants";
import { models } from "./models";
import { users } from "./users";
import { apiKeys } from "./api-keys";

export const samplingStratification = pgEnum("sampling_stratification", STRATIFICATIONS);
// `review`: an item labelled twice (overlap) whose two labels disagree, waiting for an approver.
export const labellingItemStatus = pgEnum("labelling_item_status", ["open", "labelled", "review"]);
export const labellingSkipReason = pgEnum("labelling_skip_reason", SKIP_REASONS);
export const labellingBackfillStatus = pgEnum("labelling_backfill_status", ["running", "done", "failed"]);

/**
 * How much of a model's traffic goes to people for labelling. One row per model; a model without
 * a row uses DEFAULT_SAMPLING_POLICY. Ingest reads it inside the statement that stores a batch, so
 * a change applies to predictions that arrive after it, never to those already stored.
 */
export const samplingPolicies = pgTable(
  "sampling_policies",
  {
    modelId: uuid()
      .primaryKey()
      .references(() => models.id, { onDelete: "cascade" }),
    rate: doublePrecision().notNull().default(DEFAULT_SAMPLING_POLICY.rate),
    stratifyBy: samplingStratification().notNull().default("none"),
    // Stratum → rate for the strata that differ from `rate`.
    stratumRates: jsonb().$type<Record<string, number>>().notNull().default({}),
    dailyCap: integer(),
    showPrediction: boolean().notNull().default(false),
    // Share of sampled items that go to two different annotators, for agreement (Cohen's kappa).
    overlapShare: doublePrecision().notNull().default(0),
    leaseMinutes: integer().notNull().default(DEFAULT_SAMPLING_POLICY.leaseMinutes),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("sampling_policies_rate", sql`${t.rate} >= 0 and ${t.rate} <= 1`),
    check("sampling_policies_daily_cap", sql`${t.dailyCap} is null or ${t.dailyCap} > 0`),
    check("sampling_policies_lease", sql`${t.leaseMinutes} > 0`),
    check("sampling_policies_overlap", sql`${t.overlapShare} >= 0 and ${t.overlapShare} <= 1`),
  ],
);

/**
 * A prediction sampled for labelling, created by ingest in the statement that stores it. Its id
 * is the prediction's id (one item per prediction, and no second index to keep at ingest). It
 * keeps its stratum and inclusion probability (the rate that sampled it, or less when a daily cap
 * cut its batch: keepUnderCap in lib/labelling/sampling.ts) so sampled accuracy can
 * weight it, and its current label, so figures need not read the labels table.
 *
 * A claim is `claimed_by_*` with `claim_expires_at`: an open item whose claim has expired is back
 * in the queue. The id has no foreign key to predictions: that is the hot ingest table (and the
 * benchmark truncates it); items go with their model. Indexes are chosen for ingest: the ones
 * about claims are partial on claimed rows, which new items never are, and `created_at` (read
 * only for daily counts) has a BRIN index, which appending rows barely touch.
 */
export const labellingItems = pgTable(
  "labelling_items",
  {
    id: bigint({ mode: "number" }).primaryKey(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    predictedAt: timestamp({ withTimezone: true }).notNull(),
    stratum: text().notNull(),
    inclusionProbability: doublePrecision().notNull(),
    status: labellingItemStatus().notNull().default("open"),
    // Labels from different annotators the item takes: 2 for an overlap item, else 1.
    labelsNeeded: smallint().notNull().default(1),
    // A gold item's known answer: every annotator may label it once, it stays open, and its
    // labels measure the annotators (never the model: it is not part of the sample).
    goldLabel: text(),
    claimedByUser: uuid().references(() => users.id, { onDelete: "set null" }),
    claimedByKey: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    claimedAt: timestamp({ withTimezone: true }),
    claimExpiresAt: timestamp({ withTimezone: true }),
    label: text(),
    value: doublePrecision(),
    labelledAt: timestamp({ withTimezone: true }),
    // Who set the final label of an overlap item whose two labels disagreed, and when.
    reviewedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The queue: a model's open items, newest prediction first.
    index("labelling_items_queue").on(t.modelId, t.predictedAt.desc()).where(sql`status = 'open'`),
    index("labelling_items_claimed_by_user").on(t.claimedByUser).where(sql`claimed_by_user is not null and status = 'open'`),
    index("labelling_items_created_at").using("brin", t.createdAt),
    // Sampled accuracy: a model's labelled items by prediction time (never touched by ingest).
    index("labelling_items_labelled").on(t.modelId, t.predictedAt).where(sql`status = 'labelled'`),
    check("labelling_items_labels_needed", sql`${t.labelsNeeded} between 1 and 2`),
    index("labelling_items_gold").on(t.modelId).where(sql`gold_label is not null`),
  ],
);

/**
 * Items a model's ingest created per UTC day, kept only while its policy has a daily cap. The
 * statement that adds items locks and advances the day's row, so concurrent batches cannot both
 * take the last places; setting a cap counts the day's live samples so far into it (not gold or
 * backfilled items, which the cap does not limit). `requested` and `granted` are the latest
 * batch's candidates and the places it got, `cap` the cap it met.
 */
export const labellingDailyCounts = pgTable(
  "labelling_daily_counts",
  {
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    day: date().notNull(),
    items: integer().notNull(),
    cap: integer().notNull(),
    requested: integer().notNull().default(0),
    granted: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.day] })],
);

/** Every label given, by a person or an API key; an undone label stays, marked undone. */
export const labels = pgTable(
  "labels",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    itemId: bigint({ mode: "number" })
      .notNull()
      .references(() => labellingItems.id, { onDelete: "cascade" }),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    // Who, as shown: the person's e-mail or "API key <name>".
    annotator: text().notNull(),
    label: text(),
    value: doublePrecision(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // One standing label per item and labeller (an overlap item has two, from different people).
    uniqueIndex("labels_item_labeller_standing").on(t.itemId, sql`coalesce(${t.userId}, ${t.apiKeyId})`).where(sql`undone_at is null`),
    index("labels_user_created").on(t.userId, t.createdAt),
    index("labels_model_created").on(t.modelId, t.createdAt),
  ],
);

/** An item a person skipped, and why. The item goes back to the queue for everyone else. */
export const labellingSkips = pgTable(
  "labelling_skips",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    itemId: bigint({ mode: "number" })
      .notNull()
      .references(() => labellingItems.id, { onDelete: "cascade" }),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: labellingSkipReason().notNull(),
    note: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("labelling_skips_item_user").on(t.itemId, t.userId), index("labelling_skips_model_reason").on(t.modelId, t.reason)],
);

/**
 * A backfill: the model's current policy applied to the predictions of a past range, in chunks
 * by a job (lib/services/labelling/run-backfills.ts). The cursor is the last prediction done, in
 * (predicted_at, id) order, so a job that dies resumes where the last chunk committed; one
 * backfill runs per model at a time.
 */
export const labellingBackfills = pgTable(
  "labelling_backfills",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    rangeFrom: timestamp({ withTimezone: true }).notNull(),
    rangeTo: timestamp({ withTimezone: true }).notNull(),
    status: labellingBackfillStatus().notNull().default("running"),
    // Predictions in the range when it started, and how many the chunks have gone through.
    total: integer().notNull(),
    processed: integer().notNull().default(0),
    // Items it added (predictions already in the queue are left as they are).
    sampled: integer().notNull().default(0),
    cursorAt: timestamp({ withTimezone: true }),
    cursorId: bigint({ mode: "number" }),
    error: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("labelling_backfills_one_running").on(t.modelId).where(sql`status = 'running'`),
    index("labelling_backfills_model_created").on(t.modelId, t.createdAt),
    check("labelling_backfills_range", sql`${t.rangeFrom} < ${t.rangeTo}`),
  ],
);

export type SamplingPolicy = typeof samplingPolicies.$inferSelect;
export type LabellingItem = typeof labellingItems.$inferSelect;
export type Label = typeof labels.$inferSelect;
