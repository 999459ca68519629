import { z } from "zod";
import type { OpenApiHelpers } from "./openapi-helpers";
import { ApiModelSettings, ModelPatch } from "@/lib/models/api-schemas";
import { RegisterVersionInput } from "@/lib/registry/schemas";
import { DEPLOY_REQUEST_STATUSES } from "@/lib/registry/constants";

type Helpers = OpenApiHelpers;

const RegisteredVersion = z.object({
  version: z.object({
    name: z.string(),
    status: z.literal("candidate"),
    artifactUri: z.string(),
    metrics: z.record(z.string(), z.number()),
    evaluatedOn: z.string().nullable(),
    trainingFrom: z.string().nullable(),
    trainingTo: z.string().nullable(),
    createdAt: z.string(),
  }),
  deployRequest: z.object({
    id: z.string(),
    status: z.enum(DEPLOY_REQUEST_STATUSES).describe("`pending` until the policy's approvers decide on the Actions page"),
    approvalsRequired: z.number(),
    reason: z.string().describe("Why the request waits"),
  }),
});

const PATCH_EXAMPLE = {
  description: "Flags incoming e-mail as spam.",
  referenceWindow: { from: "2026-11-01", to: "2026-11-07" },
  labelMaturityDays: 14,
  driftMinN: 200,
  sampling: { rate: 0.05, stratifyBy: "predicted_class", stratumRates: { spam: 0.1 }, dailyCap: 500 },
  pipeline: { deployPolicy: "approval", approvalsRequired: 2, schedule: "0 3 * * 1" },
};

/** A model with its settings, their changes, and versions registered by outside pipelines. */
export function modelPaths(h: Helpers) {
  const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ content: { "application/json": { schema: h.schema(s, io) } } });
  const model = { name: "model", in: "path" as const, required: true, description: "The model's slug", schema: { type: "string" } };
  return {
    "/api/v1/models/{model}": {
      get: {
        summary: "A model with every setting",
        description:
          "The model and every setting its pages hold: reference window (whole UTC days, both included; null for the default), label maturity, drift minimum, the labelling policy and the retrain and deploy policy. " +
          "Where runs and deploys are sent, and their secrets, are never shown beyond the kind of trainer and target. A key with `read` (for that model), or a signed-in session.",
        tags: ["Models"],
        security: h.key,
        parameters: [model],
        responses: { "200": { description: "The model", ...json(ApiModelSettings) }, ...h.keyErrors, "404": h.error("No model with that slug") },
      },
      patch: {
        summary: "Change a model's settings",
        description:
          "Every field is optional; what is left out stays as it is, and `sampling` and `pipeline` are merged field by field. The values are checked, audited and applied by the same services as the settings pages " +
          "(`model.settings_changed`, `labelling.policy_changed`, `pipeline.policy_updated` in the audit log, by the key's name), all in one transaction: one refused field and nothing changes. " +
          "`segmentFeatures` declares at most 5 feature names, each seen in the reference window's predictions: categorical features are split by value (the 20 most frequent, the rest as `(other)`), numeric ones at the reference window's quintiles, fixed when declared; every hour of the model is then rebuilt in the background (the answer's and GET's `segmentsRebuilding`, `{done, total}` hours of the model, says how far; null once done). " +
          "Errors name the field as the body does (`sampling.rate`). Needs the `admin` permission.",
        tags: ["Models"],
        security: h.key,
        parameters: [model],
        requestBody: { required: true, content: { "application/json": { schema: h.schema(ModelPatch), example: PATCH_EXAMPLE } } },
        responses: {
          "200": { description: "The model with its settings, as GET gives it", ...json(ApiModelSettings) },
          "400": h.error("A value is refused; `fields` names each"),
          ...h.keyErrors,
          "404": h.error("No model with that slug"),
          ...h.bodyErrors,
        },
      },
    },
    "/api/v1/models/{model}/versions": {
      post: {
        summary: "Register a version trained outside Vigil",
        description:
          "For a pipeline Vigil did not start (a team's own nightly training). The version is stored as a candidate and a deploy request is opened in the same transaction, with the approvals the model's deploy policy asks for. " +
          "Vigil cannot score an outside artifact on its held-out labels, so the request always waits for approvers on the Actions page. Needs the `register` or `admin` permission. " +
          "A model served by Vigil's built-in endpoint (built-in trainer, or a built-in version in production) with the built-in deploy target cannot run an outside artifact: 409 `not_servable`, nothing stored; choose a webhook deploy target for such a model first.",
        tags: ["Training"],
        security: h.key,
        parameters: [model],
        requestBody: {
          required: true,
          content: { "application/json": { schema: h.schema(RegisterVersionInput), example: { name: "v5", artifactUri: "s3://models/spam/v5", metrics: { accuracy: 0.95 }, evaluatedOn: "held-out mail of 2026-11-01 to 2026-11-20" } } },
        },
        responses: {
          "201": { description: "The candidate and its deploy request", ...json(RegisteredVersion) },
          "400": h.error("A bad body"),
          ...h.keyErrors,
          "404": h.error("No model with that slug"),
          "409": h.error("The model already has a version with that name, or (`not_servable`) its built-in serving endpoint could not run an outside version"),
          ...h.bodyErrors,
        },
      },
    },
  };
}
