import { integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { MODEL_TASKS } from "@/lib/models/constants";
import { users } from "./users";
import type { SegmentFeature } from "@/lib/metrics/segment-types";

export const modelTask = pgEnum("model_task", MODEL_TASKS);

export const models = pgTable("models", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  task: modelTask().notNull(),
  // Class labels in display order; empty for regression.
  classes: jsonb().$type<string[]>().notNull().default([]),
  positiveClass: text(),
  description: text().notNull().default(""),
  ownerId: uuid().references(() => users.id, { onDelete: "set null" }),
  // How long ground truth takes to be complete: younger buckets show it as provisional.
  labelMaturityDays: integer().notNull().default(7),
  // The window drift is measured against; null means the first 7 days of data.
  referenceFrom: timestamp({ withTimezone: true }),
  referenceTo: timestamp({ withTimezone: true }),
  // Predictions each drift window needs before a verdict; below it drift is "insufficient".
  driftMinN: integer().notNull().default(100),
  // Features whose values split every figure (at most 5), with how each is cut (lib/metrics/segments.ts).
  segmentFeatures: jsonb().$type<SegmentFeature[]>().notNull().default([]),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Model = typeof models.$inferSelect;
