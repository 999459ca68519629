import { z } from "zod";
import { MAX_SEGMENT_FEATURES } from "@/lib/metrics/segment-types";
import { IsoDay } from "@/lib/validation/time";
import { ModelSlug } from "@/lib/validation/slug";
import { MODEL_TASKS } from "./constants";

export { ModelSlug };

const ModelName = z.string().trim().min(1, "Enter a display name").max(120, "Keep the name under 120 characters");
const ModelDescription = z.string().trim().max(2000, "Keep the description under 2,000 characters");

const ClassLabel = z.string().trim().min(1, "A class label cannot be empty").max(100, "Keep class labels under 100 characters");

export const CreateModelInput = z
  .object({
    slug: ModelSlug,
    name: ModelName,
    task: z.enum(MODEL_TASKS, { message: "Choose binary, multiclass or regression" }),
    classes: z.array(ClassLabel).max(200, "At most 200 classes").default([]),
    positiveClass: z.string().trim().min(1).nullish(),
    description: ModelDescription.default(""),
  })
  .superRefine((m, ctx) => {
    const unique = new Set(m.classes);
    if (unique.size !== m.classes.length) ctx.addIssue({ code: "custom", path: ["classes"], message: "Class labels must be different from each other" });
    if (m.task === "binary") {
      if (m.classes.length !== 2) ctx.addIssue({ code: "custom", path: ["classes"], message: "A binary model has exactly two classes" });
      if (!m.positiveClass) ctx.addIssue({ code: "custom", path: ["positiveClass"], message: "Choose which class is the positive one" });
      else if (!m.classes.includes(m.positiveClass)) ctx.addIssue({ code: "custom", path: ["positiveClass"], message: "The positive class must be one of the classes" });
    }
    if (m.task === "multiclass" && m.classes.length < 3) {
      ctx.addIssue({ code: "custom", path: ["classes"], message: "A multiclass model has at least three classes (use binary for two)" });
    }
    if (m.task === "regression" && m.classes.length > 0) {
      ctx.addIssue({ code: "custom", path: ["classes"], message: "A regression model has no classes" });
    }
  })
  .transform((m) => ({ ...m, positiveClass: m.task === "binary" ? (m.positiveClass ?? null) : null }));
export type CreateModelInput = z.input<typeof CreateModelInput>;

const OptionalDate = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(IsoDay().nullable());

/**
 * Settings an admin may change after creation: the drift reference window and minimum, and label
 * maturity; the name and description (set-up scripts) stay as they are when left out.
 */
export const UpdateModelSettingsInput = z
  .object({
    slug: ModelSlug,
    name: ModelName.optional(),
    description: ModelDescription.optional(),
    referenceFrom: OptionalDate,
    referenceTo: OptionalDate,
    labelMaturityDays: z.coerce.number({ message: "must be a number of days" }).int("must be whole days").min(0, "cannot be negative").max(365, "at most 365 days"),
    driftMinN: z.coerce.number({ message: "must be a number of predictions" }).int("must be a whole number").min(1, "must be at least 1").max(10_000_000, "at most 10,000,000").optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.referenceFrom === null) !== (v.referenceTo === null)) ctx.addIssue({ code: "custom", path: ["referenceTo"], message: "Set both ends of the window, or neither for the default" });
    if (v.referenceFrom && v.referenceTo && v.referenceFrom >= v.referenceTo) ctx.addIssue({ code: "custom", path: ["referenceTo"], message: "must be after the start" });
  });
export type UpdateModelSettingsInput = z.input<typeof UpdateModelSettingsInput>;

/**
 * `PATCH /api/v1/models/{model}`: the features every figure is split by. Strict: the other
 * settings of API.md are not changed here yet, and a field sent in vain is refused by name.
 */
export const SegmentFeaturesInput = z.strictObject({
  slug: z.string(),
  segmentFeatures: z
    .array(z.string().trim().min(1, "a feature name cannot be empty").max(200, "at most 200 characters"), { message: "must be a list of feature names" })
    .max(MAX_SEGMENT_FEATURES, `at most ${MAX_SEGMENT_FEATURES} segment features`)
    .refine((names) => new Set(names).size === names.length, "a feature is named twice"),
});
