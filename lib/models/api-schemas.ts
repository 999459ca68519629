import { z } from "zod";
import { MODEL_TASKS } from "./constants";
import { STRATIFICATIONS } from "@/lib/labelling/constants";
import { DEPLOY_POLICIES, DEPLOY_TARGETS, TRAINERS } from "@/lib/registry/constants";

// `GET` and `PATCH /api/v1/models/{model}` (API.md "Models, for set-up scripts"). The PATCH body
// names the sections it changes; what it leaves out stays as it is. Its values are checked by the
// same schemas and services the settings pages use (lib/models/schemas.ts, SetSamplingPolicyInput,
// UpdatePipelinePolicyInput), so this file only gives the body its shape and its documentation.

/** Whole UTC days, both included, as the Model settings page shows them. */
const ReferenceWindow = z
  .object({
    from: z.string().describe("The first day, like 2026-11-01 (UTC)"),
    to: z.string().describe("The last day, included"),
  })
  .strict();

const SamplingPatch = z
  .object({
    rate: z.number().describe("Share of predictions sampled for labelling, 0..1"),
    stratifyBy: z.enum(STRATIFICATIONS).describe("Rates per predicted class or score band, or one rate"),
    stratumRates: z.record(z.string(), z.number()).describe("Stratum → rate; a stratum left out takes `rate`"),
    dailyCap: z.number().int().nullable().describe("At most this many items a UTC day; null for no cap"),
    showPrediction: z.boolean().describe("Whether annotators see the model's own answer"),
    leaseMinutes: z.number().int().describe("How long a claimed item is held for its annotator"),
    overlapShare: z.number().describe("Share of sampled items labelled twice, for Cohen's kappa"),
  })
  .partial()
  .strict();

const PipelinePatch = z
  .object({
    schedule: z.string().nullable().describe("A five-field cron expression for scheduled retrains, or null for none"),
    dataWindowDays: z.number().int().describe("Days of data a retrain learns from"),
    deployPolicy: z.enum(DEPLOY_POLICIES).describe("`approval` by people, or `auto` when the candidate wins by the margin"),
    approvalsRequired: z.number().int().describe("Approvers a deploy needs (never the requester)"),
    autoMargin: z.number().describe("Under `auto`: how much held-out accuracy the candidate must gain, 0..1"),
    autoMinN: z.number().int().describe("Under `auto`: the fewest held-out labels to decide on"),
    rollbackMonitorId: z.string().nullable().describe("A monitor whose alert rolls a fresh deploy back; null for none"),
    rollbackWindowMinutes: z.number().int().nullable().describe("How long after a deploy that monitor can roll it back"),
  })
  .partial()
  .strict();

export const ModelPatch = z
  .object({
    name: z.string(),
    description: z.string(),
    referenceWindow: ReferenceWindow.nullable().describe("The window drift compares against; null for the default (the first 7 days of data)"),
    labelMaturityDays: z.number().int().describe("Days ground truth takes to be complete; younger figures are provisional"),
    driftMinN: z.number().int().describe("Predictions each drift window needs before a verdict"),
    sampling: SamplingPatch.describe("The labelling policy (approvers set it on the model's Labelling page)"),
    pipeline: PipelinePatch.describe("Retrain and deploy policy (approvers set it on the Versions page)"),
    segmentFeatures: z.array(z.string()).describe("Features every figure is split by, at most 5 (admins); a new one is cut from the reference window"),
  })
  .partial()
  .strict();
export type ModelPatch = z.infer<typeof ModelPatch>;

/** A model as `GET /api/v1/models/{model}` and the PATCH answer it: the model and every setting. */
export const ApiModelSettings = z.object({
  slug: z.string(),
  name: z.string(),
  task: z.enum(MODEL_TASKS),
  classes: z.array(z.string()),
  positiveClass: z.string().nullable(),
  description: z.string(),
  createdAt: z.string(),
  referenceWindow: ReferenceWindow.nullable(),
  labelMaturityDays: z.number(),
  driftMinN: z.number(),
  sampling: SamplingPatch.required().extend({ isDefault: z.boolean().describe("True until someone sets a policy") }),
  pipeline: PipelinePatch.required().extend({
    trainer: z.enum(TRAINERS).describe("Who trains (set by an admin on the Versions page)"),
    deployTarget: z.enum(DEPLOY_TARGETS).describe("Where deploys go (set by an admin on the Versions page)"),
  }),
  segmentFeatures: z
    .array(z.object({ name: z.string(), type: z.enum(["categorical", "numeric"]), cuts: z.array(z.number()).optional().describe("A numeric feature's cuts: the reference window's quintiles") }))
    .describe("The declared segment features and how each is cut"),
  segmentsRebuilding: z
    .object({ done: z.number().int(), total: z.number().int() })
    .nullable()
    .describe("While the model's hours are rebuilt for newly declared segment features: hours done of all its hours; null when none is left"),
});
export type ApiModelSettings = z.infer<typeof ApiModelSettings>;
