import { z } from "zod";
import { timeBoundsProblem } from "@/lib/validation/time";
import { ModelSlug } from "@/lib/validation/slug";
import { MAX_API_CLAIM, MAX_API_LABELS, MAX_LEASE_MINUTES, SKIP_REASONS, STRATIFICATIONS } from "./constants";

// Inputs of the labelling services and the wire format of the labelling API (API.md), in zod.

const Rate = z.coerce
  .number({ message: "must be a number between 0 and 1" })
  .refine(Number.isFinite, "must be a number between 0 and 1")
  .pipe(z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"));

/** Form fields arrive as text: an empty one means "not set". */
const blank = (v: unknown) => v === "" || v === null || v === undefined;

export const SetSamplingPolicyInput = z.object({
  slug: ModelSlug,
  rate: Rate,
  stratifyBy: z.enum(STRATIFICATIONS, { message: "Choose no strata, by predicted class or by score band" }),
  /** Stratum → rate; an empty value means the stratum uses the base rate. */
  stratumRates: z
    .record(z.string().min(1).max(100), z.unknown())
    .default({})
    .transform((rates, ctx) => {
      const out: Record<string, number> = {};
      for (const [stratum, raw] of Object.entries(rates)) {
        if (blank(raw)) continue;
        const parsed = Rate.safeParse(raw);
        if (parsed.success) out[stratum] = parsed.data;
        else ctx.addIssue({ code: "custom", path: [stratum], message: parsed.error.issues[0]?.message ?? "must be between 0 and 1" });
      }
      return out;
    }),
  dailyCap: z.preprocess(
    (v) => (blank(v) ? null : v),
    z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1, or empty for no cap").max(10_000_000, "at most 10,000,000").nullable(),
  ),
  showPrediction: z.boolean({ message: "must be true or false" }).default(false),
  /** Share of sampled items that go to two annotators; empty means none. */
  overlapShare: z.preprocess((v) => (blank(v) ? 0 : v), Rate),
  leaseMinutes: z.coerce
    .number({ message: "must be a number of minutes" })
    .int("must be whole minutes")
    .min(1, "must be at least 1 minute")
    .max(MAX_LEASE_MINUTES, `at most ${MAX_LEASE_MINUTES} minutes`),
});
export type SetSamplingPolicyInput = z.input<typeof SetSamplingPolicyInput>;

export const ModelRef = z.object({ model: z.string({ message: "Choose a model" }).trim().min(1, "Choose a model") });
export type ModelRef = z.input<typeof ModelRef>;

/** An item's id: its prediction's id, a positive integer sent as text. */
const ItemId = z.string({ message: "This item does not exist." }).regex(/^[1-9][0-9]{0,17}$/, "This item does not exist.");

export const ItemRef = z.object({ itemId: ItemId });
export type ItemRef = z.input<typeof ItemRef>;

const Finite = z.number({ message: "must be a number" }).refine(Number.isFinite, "must be a finite number");

/** A label is a class for classifiers and a number for regression models: exactly one of the two. */
const Answer = {
  label: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional().describe("Classifiers: the class"),
  value: Finite.optional().describe("Regression: the true value"),
};
const oneAnswer = (a: { label?: string; value?: number }, ctx: z.RefinementCtx) => {
  if ((a.label === undefined) === (a.value === undefined)) {
    ctx.addIssue({ code: "custom", path: ["label"], message: "send either label (classifiers) or value (regression models)" });
  }
};

/** The model the labeller is working on, as the labelling page sends it: an item of another model is refused. */
const ModelSlugRef = z.string({ message: "Choose a model" }).trim().min(1, "Choose a model").max(100, "Choose a model").optional();

export const SubmitLabelInput = z.object({ model: ModelSlugRef, itemId: ItemId, ...Answer }).superRefine(oneAnswer);
export type SubmitLabelInput = z.input<typeof SubmitLabelInput>;

export const SkipItemInput = z
  .object({
    model: ModelSlugRef,
    itemId: ItemId,
    reason: z.enum(SKIP_REASONS, { message: "Choose a reason" }),
    note: z.string().trim().max(500, "Keep the note under 500 characters").default(""),
  })
  .superRefine((s, ctx) => {
    if (s.reason === "other" && !s.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say why you skip it" });
  });
export type SkipItemInput = z.input<typeof SkipItemInput>;

// The API for outside labelling tools (API.md, "Labels from outside labelling tools").

export const ClaimRequest = z.object({
  model: z.string({ message: "must name the model's slug" }).min(1, "must name the model's slug").describe("The model's slug"),
  limit: z
    .number({ message: `must be a whole number from 1 to ${MAX_API_CLAIM}` })
    .int(`must be a whole number from 1 to ${MAX_API_CLAIM}`)
    .min(1, `must be a whole number from 1 to ${MAX_API_CLAIM}`)
    .max(MAX_API_CLAIM, `must be a whole number from 1 to ${MAX_API_CLAIM}`)
    .default(1)
    .describe(`How many items to claim, 1 to ${MAX_API_CLAIM}; default 1`),
});

export const ClaimResponse = z.object({
  items: z.array(
    z.object({
      itemId: z.string().describe("The item's id (digits, as text): send it back with the label"),
      predictionId: z.string().describe("The caller's id of the prediction"),
      features: z.record(z.string(), z.unknown()).describe("The model's inputs, as sent with the prediction"),
      claimExpiresAt: z.string().describe("ISO 8601; after it the item returns to the queue"),
    }),
  ),
});

export const LabelsRequest = z.object({
  model: z.string().min(1).max(100).optional().describe("Optional: the model's slug; a label for an item of any other model is refused"),
  labels: z
    .array(
      z
        .object({ itemId: z.string({ message: "must be the itemId of a claimed item" }).min(1, "must be the itemId of a claimed item"), ...Answer })
        .strict()
        .superRefine(oneAnswer),
      { message: "must be an array of labels" },
    )
    .min(1, "must hold at least one label")
    .max(MAX_API_LABELS, `must hold at most ${MAX_API_LABELS.toLocaleString("en")} labels`),
});

export const LabelsResponse = z.object({
  accepted: z.number().int().describe("Labels stored"),
  duplicates: z.number().int().describe("Labels this key had already given: counted once, nothing changed"),
  refused: z.array(z.object({ itemId: z.string(), reason: z.string() })).describe("Labels not stored, each with the reason"),
});

export const ResolveReviewInput = z.object({
  itemId: ItemId,
  label: z.string({ message: "Choose the final label" }).trim().min(1, "Choose the final label").max(200),
});
export type ResolveReviewInput = z.input<typeof ResolveReviewInput>;

export const AddGoldItemInput = z.object({
  slug: ModelSlug,
  predictionId: z.string({ message: "Give the prediction's id" }).trim().min(1, "Give the prediction's id").max(200, "At most 200 characters"),
  label: z.string({ message: "Choose the known answer" }).trim().min(1, "Choose the known answer").max(200),
});
export type AddGoldItemInput = z.input<typeof AddGoldItemInput>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day (`2026-11-01`) or an ISO 8601 time with a zone; `endOfDay` reads a day as its end. */
const moment = (endOfDay: boolean) =>
  z
    .string({ message: "must be a date" })
    .trim()
    .refine((v) => DAY.test(v) || z.iso.datetime({ offset: true }).safeParse(v).success, "must be a date (2026-11-01) or an ISO 8601 time with a zone")
    .refine((v) => timeBoundsProblem(DAY.test(v) ? `${v}T00:00:00Z` : v) === null, "must be a time between 1970 and 9999, with a zone offset of at most 14 hours")
    .transform((v) => (DAY.test(v) ? new Date(Date.parse(`${v}T00:00:00Z`) + (endOfDay ? 86_400_000 : 0)) : new Date(v)))
    .refine((d) => Number.isFinite(d.getTime()), "must be a real date");

/** Predictions made in [from, to) are sampled; a day as `to` means through the end of that day. */
export const StartBackfillInput = z
  .object({ slug: ModelSlug, from: moment(false), to: moment(true) })
  .superRefine((b, ctx) => {
    if (b.from >= b.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before the end of the range" });
    if (b.to.getTime() - b.from.getTime() > 400 * 86_400_000) ctx.addIssue({ code: "custom", path: ["from"], message: "a backfill covers at most 400 days" });
  });
export type StartBackfillInput = z.input<typeof StartBackfillInput>;

export const RenewRequest = z.object({ itemId: z.string({ message: "must be the itemId of a claimed item" }).describe("The item's id, as the claim gave it") });
export const RenewResponse = z.object({ claimExpiresAt: z.string().describe("ISO 8601: the claim's new end") });
