import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";

// The wire format of API.md. Shared by the route handlers, the OpenAPI document and the simulator.

export const MAX_BATCH_ROWS = 10_000;
const MAX_FEATURES = 200;

// Every string a row holds is text PostgreSQL can store (no NUL, no unpaired surrogate); the
// fast path in validate.ts checks the same.
const FeatureValue = z.union([z.number(), storableText(z.string().max(10_000)), z.boolean(), z.null()]);
const Finite = z.number().refine(Number.isFinite, "must be a finite number");

export const PredictionRow = z
  .object({
    id: storableText(z.string().min(1, "must not be empty").max(200, "must be at most 200 characters")).describe("The caller's id, unique per model"),
    version: storableText(z.string().min(1).max(100)).optional().describe("The model version that made the prediction"),
    timestamp: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with a zone" }).optional().describe("When the prediction was made; defaults to now"),
    features: z
      .record(storableText(z.string().min(1).max(100)), FeatureValue)
      .refine((f) => Object.keys(f).length <= MAX_FEATURES, `at most ${MAX_FEATURES} features`)
      .optional()
      .describe("The model's inputs: numbers, strings, booleans or null"),
    score: Finite.min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional().describe("Binary: probability of the positive class"),
    probabilities: z.record(storableText(z.string()), Finite.min(0, "must be between 0 and 1").max(1, "must be between 0 and 1")).optional().describe("Multiclass: class → probability"),
    label: storableText(z.string().min(1).max(100)).optional().describe("Classifiers: the predicted class"),
    value: Finite.optional().describe("Regression: the predicted value"),
    actual: z
      .object({
        label: storableText(z.string().min(1).max(100)).optional(),
        value: Finite.optional(),
        timestamp: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with a zone" }).optional().describe("When the truth became known; defaults to now"),
      })
      // Strict like the row: a misspelt field (`lable`) is refused, not dropped with the truth it held.
      .strict()
      .optional()
      .describe("Ground truth, when already known"),
  })
  .strict();
export type PredictionRow = z.infer<typeof PredictionRow>;

export const PredictionsRequest = z.object({
  model: z.string().min(1).describe("The model's slug"),
  predictions: z.array(PredictionRow).min(1).max(MAX_BATCH_ROWS),
});

/** The envelope alone: rows are checked one by one so each error can name its row. */
export const PredictionsEnvelope = z.object({
  model: storableText(z.string({ message: "must name the model's slug" }).min(1, "must name the model's slug")),
  predictions: z
    .array(z.unknown(), { message: "must be an array of predictions" })
    .min(1, "must hold at least one prediction")
    .max(MAX_BATCH_ROWS, `must hold at most ${MAX_BATCH_ROWS.toLocaleString("en")} predictions`),
});

export const PredictionsResponse = z.object({
  accepted: z.number().int().describe("Rows stored"),
  duplicates: z.number().int().describe("Rows whose id was already stored; nothing changed for them"),
});

export const ActualRow = z
  .object({
    id: storableText(z.string().min(1, "must not be empty").max(200)).describe("The caller's prediction id"),
    label: storableText(z.string().min(1).max(100)).optional().describe("Classifiers: the true class"),
    value: Finite.optional().describe("Regression: the true value"),
    timestamp: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with a zone" }).optional().describe("When the truth became known; defaults to now"),
  })
  .strict();
export type ActualRow = z.infer<typeof ActualRow>;

export const GroundTruthRequest = z.object({
  model: z.string().min(1),
  actuals: z.array(ActualRow).min(1).max(MAX_BATCH_ROWS),
});

export const GroundTruthEnvelope = z.object({
  model: storableText(z.string({ message: "must name the model's slug" }).min(1, "must name the model's slug")),
  actuals: z
    .array(z.unknown(), { message: "must be an array of actuals" })
    .min(1, "must hold at least one actual")
    .max(MAX_BATCH_ROWS, `must hold at most ${MAX_BATCH_ROWS.toLocaleString("en")} actuals`),
});

export const GroundTruthResponse = z.object({
  matched: z.number().int().describe("Predictions that now carry this ground truth"),
  unknown: z.array(z.string()).describe("Ids with no stored prediction; nothing was recorded for them"),
});

export type RowError = { index: number; path: string; message: string };
