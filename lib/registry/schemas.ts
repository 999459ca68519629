import { z } from "zod";
import { IsoTime } from "@/lib/validation/time";
import { DEPLOY_POLICIES, DEPLOY_TARGETS, RUN_TRIGGERS, TRAINERS } from "./constants";
import { isValidCron } from "./cron";

const optionalText = z.string().trim().max(2000).optional().transform((v) => (v ? v : null));
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * What approvers (and admins) decide about a model's retrains and deploys: when, on how much data,
 * who must approve, and when production rolls back. Nothing here changes where Vigil sends anything.
 */
export const UpdatePipelinePolicyInput = z.object({
  model: z.string().min(1),
  schedule: optionalText.refine((v) => v === null || isValidCron(v), "not a cron expression (five fields, e.g. 0 3 * * 1)"),
  dataWindowDays: z.coerce.number().int().min(1).max(3650),
  deployPolicy: z.enum(DEPLOY_POLICIES),
  approvalsRequired: z.coerce.number().int().min(1).max(10),
  autoMargin: z.coerce.number().min(0).max(1),
  autoMinN: z.coerce.number().int().min(1).max(1_000_000),
  rollbackMonitorId: optionalText,
  rollbackWindowMinutes: z.coerce.number().int().min(1).max(10_080).optional().nullable(),
});
export type UpdatePipelinePolicyInput = z.input<typeof UpdatePipelinePolicyInput>;

/**
 * Where Vigil sends a model's retrains and deploys, and the secrets it sends along (admins only).
 * A blank secret keeps the stored one only while its destination stays the same; a new URL (or
 * another kind of trainer or target) clears it unless a new secret comes in the same change.
 */
export const UpdatePipelineConnectionsInput = z
  .object({
    model: z.string().min(1),
    trainer: z.enum(TRAINERS),
    prefectApiUrl: optionalText,
    prefectDeploymentId: optionalText,
    webhookUrl: optionalText,
    trainerSecret: optionalText,
    deployTarget: z.enum(DEPLOY_TARGETS),
    deployWebhookUrl: optionalText,
    deployWebhookSecret: optionalText,
  })
  .superRefine((v, ctx) => {
    if (v.trainer === "prefect") {
      if (!v.prefectApiUrl || !httpUrl.safeParse(v.prefectApiUrl).success) ctx.addIssue({ code: "custom", path: ["prefectApiUrl"], message: "the Prefect API URL (http or https)" });
      if (!v.prefectDeploymentId) ctx.addIssue({ code: "custom", path: ["prefectDeploymentId"], message: "the Prefect deployment id" });
    }
    if (v.trainer === "webhook" && (!v.webhookUrl || !httpUrl.safeParse(v.webhookUrl).success)) {
      ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "the pipeline's webhook URL (http or https)" });
    }
    if (v.deployTarget === "webhook" && (!v.deployWebhookUrl || !httpUrl.safeParse(v.deployWebhookUrl).success)) {
      ctx.addIssue({ code: "custom", path: ["deployWebhookUrl"], message: "the deploy webhook URL (http or https)" });
    }
  });
export type UpdatePipelineConnectionsInput = z.input<typeof UpdatePipelineConnectionsInput>;

export const StartRunInput = z.object({
  model: z.string().min(1),
  trigger: z.enum(RUN_TRIGGERS).default("manual"),
  alertId: z.string().max(200).optional(),
  monitorId: z.string().max(200).optional(),
  /** `never`: a proposal (an approver decides, whatever the policy); `policy`: the model's policy decides. */
  autoDeploy: z.enum(["policy", "never"]).default("policy"),
});
export type StartRunInput = z.input<typeof StartRunInput>;

/** `POST /api/v1/runs/{run}/events`, as API.md fixes it (plus `log`, and metrics with progress). */
export const RunEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), progress: z.number().min(0).max(1), message: z.string().max(2000).optional(), metrics: z.record(z.string(), z.number()).optional() }),
  z.object({ type: z.literal("log"), message: z.string().min(1).max(10_000), level: z.enum(["info", "error"]).default("info") }),
  z.object({
    type: z.literal("succeeded"),
    message: z.string().max(2000).optional(),
    version: z.object({
      name: z.string().trim().min(1).max(100),
      artifactUri: z.string().trim().min(1).max(2000),
      metrics: z.record(z.string(), z.number()).default({}),
    }),
  }),
  z.object({ type: z.literal("failed"), message: z.string().min(1).max(2000) }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

/** `POST /api/v1/models/{model}/versions`: a version a pipeline Vigil did not start trained and evaluated. */
export const RegisterVersionInput = z
  .object({
    name: z.string().trim().min(1, "Name the version").max(100, "Keep the name under 100 characters").describe("Unique per model, like v5"),
    artifactUri: z.string().trim().min(1, "Say where the artifact is").max(2000).describe("Where the trained artifact lives (s3://…, gs://…, a registry URI)"),
    metrics: z.record(z.string().min(1).max(100), z.number().refine(Number.isFinite, "must be a finite number")).default({}).describe("Figures from your own evaluation, such as accuracy"),
    evaluatedOn: z.string().trim().max(2000).optional().describe("What the metrics were measured on (a data set, a window); shown to approvers"),
    trainingFrom: IsoTime().optional().describe("Start of the training data's window"),
    trainingTo: IsoTime().optional().describe("End of the training data's window"),
  })
  .strict()
  .refine((v) => !v.trainingFrom || !v.trainingTo || Date.parse(v.trainingFrom) <= Date.parse(v.trainingTo), { path: ["trainingTo"], message: "must not be before trainingFrom" });
export type RegisterVersionInput = z.input<typeof RegisterVersionInput>;

export const DecideInput = z.object({ requestId: z.uuid(), comment: z.string().trim().max(2000).default("") });
export const RejectInput = z.object({ requestId: z.uuid(), comment: z.string().trim().min(1, "say why you reject it").max(2000) });
export const RollbackInput = z.object({ model: z.string().min(1), comment: z.string().trim().max(2000).default("") });
export const RequestDeployInput = z.object({ model: z.string().min(1), versionId: z.uuid() });
export const CancelRunInput = z.object({ runId: z.uuid() });

const FeatureValue = z.union([z.number(), z.string().max(10_000), z.boolean(), z.null()]);
export const MAX_PREDICT_INPUTS = 1_000;

/** One thing to score at `POST /api/v1/models/{model}/predict`. */
export const PredictInput = z
  .object({
    id: z.string().min(1).max(200).optional().describe("Your id for the prediction (unique per model); one is made up when left out"),
    timestamp: IsoTime().optional().describe("When it was asked; defaults to now"),
    text: z.string().max(100_000).default("").describe("Free text the model reads (for the spam filter: subject and body)"),
    features: z.record(z.string().min(1).max(100), FeatureValue).default({}).describe("Numbers, strings and booleans; recorded with the prediction"),
  })
  .strict();
export type PredictInput = z.input<typeof PredictInput>;

export const PredictRequest = z.union([
  z.object({ inputs: z.array(PredictInput).min(1).max(MAX_PREDICT_INPUTS) }).strict(),
  PredictInput.transform((input) => ({ inputs: [input] })),
]);
