import { bigserial, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { models } from "./models";
import { modelVersions } from "./registry";

/**
 * One row per prediction a model made. `externalId` is the caller's id, unique per model, which
 * makes a replayed batch a no-op and lets ground truth find its prediction later.
 */
export const predictions = pgTable(
  "predictions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    versionId: uuid().references(() => modelVersions.id, { onDelete: "set null" }),
    externalId: text().notNull(),
    predictedAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    features: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // binary: probability of the positive class; multiclass: max probability (for histograms).
    score: doublePrecision(),
    probabilities: jsonb().$type<Record<string, number>>(),
    label: text(),
    value: doublePrecision(),
    actualLabel: text(),
    actualValue: doublePrecision(),
    actualAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("predictions_model_external_id").on(t.modelId, t.externalId),
    index("predictions_model_predicted_at").on(t.modelId, t.predictedAt),
  ],
);

export type Prediction = typeof predictions.$inferSelect;
