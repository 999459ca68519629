import { z } from "zod";
import type { OpenApiHelpers } from "./openapi-helpers";
import { MAX_PREDICT_INPUTS, PredictRequest, RunEvent } from "@/lib/registry/schemas";

type Helpers = OpenApiHelpers;

const PredictResponse = z.object({
  model: z.string(),
  version: z.string().describe("The production version that answered"),
  predictions: z.array(
    z.object({
      id: z.string(),
      label: z.string().describe("The predicted class"),
      score: z.number().optional().describe("Binary models: probability of the positive class"),
      probabilities: z.record(z.string(), z.number()).optional().describe("Multiclass models: each class's probability"),
    }),
  ),
});

const RunsResponse = z.object({
  model: z.object({ slug: z.string(), name: z.string() }),
  runs: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
      trigger: z.enum(["manual", "schedule", "monitor"]),
      progress: z.number(),
      message: z.string(),
      version: z.string().nullable(),
      logs: z.array(z.object({ at: z.string(), level: z.string(), message: z.string() })),
    }),
  ),
});

/** The serving, run callback and run list endpoints of the OpenAPI document. */
export function trainingPaths(h: Helpers) {
  const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ content: { "application/json": { schema: h.schema(s, io) } } });
  return {
    "/api/v1/models/{model}/predict": {
      post: {
        summary: "Ask a built-in model",
        description:
          `The model's production version scores up to ${MAX_PREDICT_INPUTS.toLocaleString("en")} inputs (one input, or \`{"inputs": [...]}\`) and every answer is recorded as a prediction of that version, as if sent to /api/v1/predictions ` +
          "(sampling, rollups and idempotency by id apply; `text` is kept for retraining but not in `features`, so it does not swamp drift). " +
          "A deploy or rollback takes effect on the next call; a call is always answered and recorded by one version. Needs the `ingest` permission, since every call stores predictions. " +
          "Binary models answer the positive class's probability (`score`), multiclass models every class's (`probabilities`). " +
          "409 `no_production_version` before a first deploy, 409 `not_built_in` when production is an outside artifact.",
        tags: ["Serving"],
        security: h.key,
        parameters: [{ name: "model", in: "path" as const, required: true, description: "The model's slug", schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: h.schema(PredictRequest), example: { inputs: [{ id: "req-1", text: "Subject: You won!\nClaim your prize now", features: { links: 3, sender_domain: "example.org" } }] } } } },
        responses: {
          "200": { description: "The scores and the version that made them", ...json(PredictResponse) },
          "400": h.error("A bad body"),
          ...h.keyErrors,
          "404": h.error("No model with that slug"),
          "409": h.error("No built-in version in production"),
          ...h.bodyErrors,
        },
      },
    },
    "/api/v1/runs/{run}/events": {
      post: {
        summary: "A training pipeline reports on its run",
        description:
          "Authenticated with the run's own token (`Authorization: Bearer <token>`), which Vigil passes to the pipeline when it starts the run (Prefect parameter `vigil_callback_token`, or `callback.token` in the webhook body); it is stored hashed. " +
          "`progress` (0 to 1, with a message and optional metrics), `log` (a line for the run's log), `succeeded` (registers `version` as a candidate and opens a deploy request, in one transaction) or `failed`. " +
          "Events for a run that has ended (succeeded, failed, cancelled) answer 409 and change nothing.",
        tags: ["Training"],
        parameters: [{ name: "run", in: "path" as const, required: true, description: "The run id", schema: { type: "string", format: "uuid" } }],
        requestBody: { required: true, content: { "application/json": { schema: h.schema(RunEvent), example: { type: "progress", progress: 0.4, message: "epoch 4/10" } } } },
        responses: {
          "200": { description: "{ status } and, on success, { version, deployRequest }" },
          "400": h.error("A bad event"),
          "401": h.error("No token, or not this run's token"),
          "404": h.error("No such run"),
          "409": h.error("The run has ended, or the model already has a version of that name"),
          ...h.bodyErrors,
        },
      },
    },
    "/api/v1/deployments/{deployment}/events": {
      post: {
        summary: "A deploy target reports on a deployment",
        description:
          "For webhook deploy targets that answered `202` or `{\"status\": \"pending\"}`: report `{\"type\": \"succeeded\"}` (production switches) or `{\"type\": \"failed\", \"message\": \"…\"}` with the deployment's own token, sent as `callback.token` in the signed `deploy.requested` body. " +
          "A deployment that has ended answers 409.",
        tags: ["Training"],
        parameters: [{ name: "deployment", in: "path" as const, required: true, description: "The deployment id", schema: { type: "string", format: "uuid" } }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { type: { enum: ["succeeded", "failed"] }, message: { type: "string" } }, required: ["type"] }, example: { type: "succeeded", message: "rolled out" } } } },
        responses: {
          "200": { description: "{ status: succeeded | failed }" },
          "400": h.error("A bad event"),
          "401": h.error("No token, or not this deployment's token"),
          "404": h.error("No such deployment"),
          "409": h.error("The deployment has ended"),
          ...h.bodyErrors,
        },
      },
    },
    "/api/v1/runs": {
      get: {
        summary: "A model's retrain runs",
        description: "The latest runs (newest first) with status, progress, the version made and the last log lines. Needs the `read` permission, or a signed-in session (the runs page polls it).",
        tags: ["Training"],
        security: h.key,
        parameters: [
          { name: "model", in: "query" as const, required: true, description: "The model's slug", schema: { type: "string" } },
          { name: "limit", in: "query" as const, required: false, description: "How many runs (1 to 100, default 20)", schema: { type: "integer" } },
        ],
        responses: { "200": { description: "The runs", ...json(RunsResponse) }, "400": h.error("No model given"), ...h.keyErrors, "404": h.error("No model with that slug") },
      },
    },
  };
}
