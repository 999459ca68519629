import { z } from "zod";
import { GroundTruthRequest, GroundTruthResponse, PredictionsRequest, PredictionsResponse } from "@/lib/ingest/schemas";
import { CreateModelInput } from "@/lib/models/schemas";
import { MODEL_TASKS } from "@/lib/models/constants";
import { MetricsQuery, SlicesQuery } from "@/lib/metrics/schemas";
import { ClaimRequest, ClaimResponse, LabelsRequest, LabelsResponse, RenewRequest, RenewResponse } from "@/lib/labelling/schemas";
import { MAX_API_CLAIM, MAX_API_LABELS, REFUSAL } from "@/lib/labelling/constants";
import { AlertsQuery, MonitorDefinition } from "@/lib/monitors/schemas";
import { ALERT_STATES, MONITOR_STATES } from "@/lib/monitors/constants";
import { CreateChannelInput } from "@/lib/notifications/schemas";
import { trainingPaths } from "./openapi-training";
import { modelPaths } from "./openapi-models";
import { EXPORTED_METRICS } from "@/lib/metrics/prometheus";

/**
 * The OpenAPI 3.1 document, built from the same zod schemas the handlers parse with, so the two
 * cannot drift apart. Every endpoint added to app/api/v1 is described here.
 */

type JsonSchema = Record<string, unknown>;

const schema = (s: z.ZodType, io: "input" | "output" = "input"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
};

const ErrorBody = z.object({
  error: z.string().describe("A stable code: unauthorized, forbidden, not_found, payload_too_large, unsupported_media_type, invalid_batch, invalid_json, invalid_input, conflict, rate_limited"),
  message: z.string().describe("For a person"),
});
const BatchErrorBody = ErrorBody.extend({
  rows: z.array(z.object({ index: z.number().int(), path: z.string(), message: z.string() })).describe("Every reason, per row (at most 1,000)"),
});
const ApiModel = z.object({
  slug: z.string(),
  name: z.string(),
  task: z.enum(MODEL_TASKS),
  classes: z.array(z.string()),
  positiveClass: z.string().nullable(),
  description: z.string(),
  createdAt: z.string().describe("ISO 8601"),
});

const MonitorOut = z.object({
  id: z.string(),
  state: z.enum(MONITOR_STATES),
  lastValue: z.number().nullable(),
  lastN: z.number().nullable(),
  lastEvaluatedAt: z.string().nullable(),
  openAlertId: z.string().nullable(),
  sequential: z
    .object({
      baseline: z.number().describe("The reference window's rate"),
      trialsPerHour: z.number().describe("The volume the design assumes (the rate's n an hour, today's at the first evaluation)"),
      h: z.number().describe("Each side's CUSUM threshold"),
      falseAlarmDays: z.number().describe("Average days between false alarms on unchanged traffic at that volume"),
      delayHours: z.number().describe("Expected hours from a change of `threshold` to the alert"),
      statistic: z.number().describe("The CUSUM now (the recovery sum while firing)"),
      countedThrough: z.string().describe("The end of the last hour counted"),
    })
    .nullable()
    .describe("Sequential monitors once evaluated: their stated numbers and running sum; null otherwise"),
}).describe("The definition as sent (model by slug, empty optional fields as null), plus its state");
const EvaluationOut = z.object({
  state: z.enum(MONITOR_STATES),
  value: z.number().nullable().describe("The figure over the window; null without data"),
  n: z.number(),
  threshold: z.number().nullable().describe("The threshold in force (a relative one applied to the reference value)"),
  verdict: z.enum(["breach", "clear", "hold", "no-data"]).nullable(),
  transition: z.enum(["fired", "resolved"]).nullable(),
  alertId: z.string().nullable(),
});
const AlertOut = z.object({
  id: z.string(),
  monitorId: z.string(),
  state: z.enum(ALERT_STATES),
  value: z.number().nullable(),
  firedAt: z.string(),
  changePointAt: z.string().nullable().describe("Sequential monitors: the start of the hour the evidence of the change began; null for window monitors"),
  resolvedAt: z.string().nullable(),
  threshold: z.number().nullable(),
  n: z.number().nullable(),
  slice: z.object({ feature: z.string(), value: z.string() }).nullable().describe("A slice monitor's alert: the slice it fired on (over any slice, the significant one that dropped most); null otherwise"),
  severity: z.string(),
  model: z.string(),
  acknowledgedAt: z.string().nullable(),
  silencedUntil: z.string().nullable().describe("This alert alone sends no notifications until then (set on its page); null when not silenced"),
});
const MONITOR_EXAMPLE = {
  model: "spam-filter", name: "spam share jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, resolveThreshold: 0.45,
  minN: 100, forEvaluations: 1, severity: "critical", policy: "notify", channels: ["<channel id>"],
};
const monitorId = { name: "id", in: "path" as const, required: true, description: "The monitor's id", schema: { type: "string", format: "uuid" } };

const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ content: { "application/json": { schema: schema(s, io) } } });
const error = (description: string, body: z.ZodType = ErrorBody) => ({ description, ...json(body) });

const KEY_ERRORS = {
  "401": error("No key, or an unknown or revoked key, or a key whose creator has been deactivated"),
  "403": error("The key lacks the permission, or is not allowed for this model"),
};
const BODY_ERRORS = {
  "413": error("The body is larger than 16 MiB"),
  "415": error("The body is not JSON"),
};

export type OpenApiOperation = {
  summary: string;
  parameters?: { name: string; in: "path" | "query"; required: boolean; description: string; schema: JsonSchema }[];
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown> };
};

const withExample = (s: z.ZodType, example: unknown) => ({
  required: true,
  content: { "application/json": { schema: schema(s), example } },
});

/** What makes a row of either batch a 400, besides its shape (lib/ingest/validate.ts). */
const BATCH_RULES =
  "A row is refused, with its index and field in `rows`, when a time (`timestamp`, `actual.timestamp`) is before 1970-01-01, more than 5 minutes ahead of the server's clock, or has a zone offset past ±14:00; " +
  "when any text in it (id, version, label, feature names and values, class names) holds a NUL (\\u0000) or an unpaired UTF-16 surrogate, which PostgreSQL cannot store; " +
  "and when its id appears again in the batch with different content (each such row names the others). Copies with identical content (the same canonical JSON: fields in any order, numbers as JSON reads them, strings and times as written) count once, the rest as duplicates. " +
  "A deadlock between concurrent batches is retried inside the server and never reaches the client.";

export function openApiDocument(): OpenApiDocument {
  const key = [{ apiKey: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigil HTTP API",
      version: "1",
      description:
        "For model servers, training pipelines and labelling tools. All bodies are JSON and all times ISO 8601 with a zone. " +
        'Every error answers {"error": "<code>", "message": "…"}. Authenticate with `Authorization: Bearer <API key>`; keys are created in Settings → API keys or with `npm run key:create`.',
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key (vgl_…)" } } },
    paths: {
      "/api/v1/predictions": {
        post: {
          summary: "Send a batch of predictions",
          description:
            "Up to 10,000 rows. The batch is all or nothing: one bad row and nothing is written. A row whose id the model already has is a duplicate and changes nothing, so a replayed batch is safe. " +
            "Binary models send `score` (probability of the positive class) and `label`; multiclass `probabilities` and `label`; regression `value`. Needs the `ingest` permission. " +
            BATCH_RULES,
          tags: ["Ingest"],
          security: key,
          requestBody: withExample(PredictionsRequest, {
            model: "spam-filter",
            predictions: [{ id: "req-81723", version: "v3", timestamp: "2026-11-20T10:00:00Z", features: { length: 812, links: 3, sender_domain: "example.org" }, score: 0.91, label: "spam" }],
          }),
          responses: {
            "200": { description: "Stored", ...json(PredictionsResponse) },
            "400": error("A row is invalid: nothing was stored", BatchErrorBody),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/ground-truth": {
        post: {
          summary: "Send ground truth that arrived later",
          description:
            "Joined to predictions by the caller's id. A second actual for the same id (in a later batch) replaces the first. Ids with no stored prediction are listed in `unknown`. Regression models send `value` instead of `label`. Needs the `ingest` permission. " +
            BATCH_RULES,
          tags: ["Ingest"],
          security: key,
          requestBody: withExample(GroundTruthRequest, { model: "spam-filter", actuals: [{ id: "req-81723", label: "ham", timestamp: "2026-11-27T09:00:00Z" }] }),
          responses: {
            "200": { description: "Recorded", ...json(GroundTruthResponse) },
            "400": error("A row is invalid: nothing was recorded", BatchErrorBody),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/models": {
        get: {
          summary: "List models",
          description: "The models the key may see. Needs the `read` permission.",
          tags: ["Models"],
          security: key,
          responses: { "200": { description: "The models", ...json(z.object({ models: z.array(ApiModel) })) }, ...KEY_ERRORS },
        },
        post: {
          summary: "Register a model",
          description: "For set-up scripts. Needs the `admin` permission.",
          tags: ["Models"],
          security: key,
          requestBody: withExample(CreateModelInput, { slug: "spam-filter", name: "Spam filter", task: "binary", classes: ["ham", "spam"], positiveClass: "spam" }),
          responses: {
            "201": { description: "Created", ...json(ApiModel) },
            "400": error("The definition is invalid", ErrorBody.extend({ fields: z.record(z.string(), z.array(z.string())) })),
            ...KEY_ERRORS,
            "409": error("A model with that slug exists"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/models/{model}/metrics": {
        get: {
          summary: "A model's figures over a range",
          description:
            "Per bucket: `volume`; binary `positiveRate`, multiclass `classShare` (class → rate); `estimatedAccuracy` (mean max(p, 1 − p)); `sampledAccuracy` (classifiers: the prediction against annotators' final labels on the sampled items, each weighted by 1/its inclusion probability (its stratum's rate, or min(rate, the lowest draw the cap turned away) for an item of a batch the daily cap cut); `n` is the number of labelled items, `effectiveN` Kish's effective sample size (Σw)²/Σw² at which the Wilson interval is taken); `groundTruthAccuracy` with `coverage` and `provisional` (younger than the label maturity window), which a bucket with predictions and no ground truth yet gives as `{value: null, low: null, high: null, n: 0, coverage: 0}`; regression `mae`, `rmse`, `meanResidual`, and `sampledMae` (|annotator's value − the model's| weighted by 1/π like sampled accuracy, `{value, low, high, n, effectiveN}`: a normal 95% interval from the linearised variance of the weighted mean, cut at 0, null below two labels). " +
            "Every rate carries its 95% Wilson interval (`low`, `high`) and `n`; a figure with no data is null, never 0. `drift` compares the range with the reference window: score PSI (regression: prediction PSI) and, per feature, PSI with KS D and p-value (numeric) or the two-sample chi-square with its `df` and p-value (categorical); each carries a `severity`: `none`, `moderate`, `significant`, or `insufficient` when either window holds fewer predictions than the model's drift minimum (`drift.minN`). While the model's rollups are rebuilt after an upgrade, `drift.rebuilding` gives `{ done, total }` hours and drift is empty. " +
            "Each feature row carries `quality`, the feature's data quality in the range from rollups: `missing` (absent or null), `wrongType` (another JSON type than most of the reference's values, `referenceType`), `outOfRange` (numeric: below the reference's minimum or above its maximum) and `newCategory` (categorical: a category the reference never had) as shares of the range's `n` predictions (null when there are none or the kind does not apply), `counts` of each, the reference's own `{n, missing, count}`, `missingJumped` (the missing share rose by at least 5 points over the reference's, one-sided two-proportion p < 0.01, both windows of 30 or more) and `exact` (false where outOfRange comes from the sketch of more than 250 distinct values, or newCategory meets categories folded into `(other)`). " +
            "`markers` lists the deploys and rollbacks that took effect inside the range (`{at, type: deployed | rolled_back, version}`, in time order). With `segment=version` or `segment=feature:<name>`, `segments` gives each value's `{value, volume, series, totals}` (shaped like the top level, the largest first, at most 20 values and then `(other)`; predictions without a version are `(none)`), read from rollups; `segmentsRebuilding` is `{done, total}` hours while the range's rollups are rebuilt for the model's current splits, else null. " +
            "Needs the `read` permission, or a signed-in session.",
          tags: ["Metrics"],
          security: key,
          parameters: [
            { name: "model", in: "path", required: true, description: "The model's slug", schema: { type: "string" } },
            ...Object.entries((schema(MetricsQuery) as { properties: Record<string, JsonSchema> }).properties).map(([name, s]) => ({
              name,
              in: "query" as const,
              required: false,
              description: { from: "Start (ISO 8601 with zone); default 7 days before `to`", to: "End; default now", bucket: "hour or day; default hour up to 3 days, else day", segment: "A split: `version`, or `feature:<name>` of a feature the model declares as a segment" }[name] ?? "",
              schema: s,
            })),
          ],
          responses: {
            "200": { description: "The figures: { model, task, from, to, bucket, series: [...], totals, drift: { reference, minN, rebuilding, score, prediction, features }, distributions, markers, and with `segment`: segment, segments, segmentsRebuilding }" },
            "400": error("A bad range or bucket, or a segment the model does not declare"),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
          },
        },
      },
      "/api/v1/models/{model}/slices": {
        get: {
          summary: "Where accuracy fell: the slices that decayed",
          description:
            "For each value of each declared segment feature in the range (default the last 7 days): `{feature, value, n, accuracy: {value, low, high, n}, rest: {value, n}, reference: {value, n}, drop, pValue, qValue}` in `slices`, against ground truth (`basis=groundTruth`; `sampled` is not available yet and answers 400). `accuracy` is the slice's with its 95% Wilson interval, `rest` the accuracy of the feature's other values in the range, `reference` the slice's in the reference window, `drop` = rest − slice. `pValue` is a one-sided pooled two-proportion z-test (is the slice less accurate than the rest?), `qValue` its Benjamini–Hochberg adjustment over every slice tested; most significant first. Slices with fewer than `minN` (default 30) labelled predictions are left out and counted in `tooSmall`. Read from rollups only. Needs the `read` permission, or a signed-in session.",
          tags: ["Metrics"],
          security: key,
          parameters: [
            { name: "model", in: "path", required: true, description: "The model's slug", schema: { type: "string" } },
            ...Object.entries((schema(SlicesQuery) as { properties: Record<string, JsonSchema> }).properties).map(([name, s]) => ({
              name,
              in: "query" as const,
              required: false,
              description: { from: "Start (ISO 8601 with zone); default 7 days before `to`", to: "End; default now", basis: "groundTruth (sampled: not yet)", minN: "Labelled predictions a slice needs to be tested; default 30" }[name] ?? "",
              schema: s,
            })),
          ],
          responses: {
            "200": { description: "{ model, from, to, basis, reference, minN, slices: [...], tooSmall }" },
            "400": error("A bad range, minN or basis, or a regression model"),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
          },
        },
      },
      "/api/v1/metrics": {
        get: {
          summary: "Latest figures for scrapers",
          description: `Every model the key may see, over the last 24 hours, in Prometheus text format 0.0.4: ${Object.keys(EXPORTED_METRICS).join(", ")}. Figures without data are left out; vigil_ground_truth_coverage is 0 while predictions wait for ground truth, and vigil_open_alerts counts every severity, 0 included. integrations/grafana/vigil.json is a dashboard of them.`,
          tags: ["Metrics"],
          security: key,
          responses: { "200": { description: "text/plain; version=0.0.4" }, ...KEY_ERRORS },
        },
      },
      "/api/v1/labelling/claim": {
        post: {
          summary: "Claim items to label",
          description:
            `For outside labelling tools. Claims up to \`limit\` (1 to ${MAX_API_CLAIM}, default 1) open items of the model for this key, newest prediction first, under the model's lease (10 minutes unless its sampling policy says otherwise): ` +
            "until `claimExpiresAt` nobody else gets them; after it, an item not labelled returns to the queue. An empty queue gives `\"items\": []`. " +
            "The model's own prediction is not sent, so labellers are not anchored by it. Needs the `label` permission, and a key scoped to models may claim only for those.",
          tags: ["Labelling"],
          security: key,
          requestBody: withExample(ClaimRequest, { model: "spam-filter", limit: 10 }),
          responses: {
            "200": { description: "The claimed items (none when the queue is empty)", ...json(ClaimResponse) },
            "400": error("A bad body: no model, or a limit outside 1 to 100"),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/labelling/labels": {
        post: {
          summary: "Send labels for claimed items",
          description:
            `Up to ${MAX_API_LABELS.toLocaleString("en")} labels, given as the key's name: \`label\` (one of the model's classes) for classifiers, \`value\` for regression models. ` +
            "Only items this key holds under a running claim (`POST /api/v1/labelling/claim`) take a label. " +
            "A label this key already gave is counted in `duplicates` and changes nothing, so a retried request is safe. Each label that cannot be stored is listed in `refused` with its reason: " +
            `"${REFUSAL.notClaimed}", "${REFUSAL.claimExpired}", "${REFUSAL.claimedByOther}" (another labeller holds the item), "${REFUSAL.alreadyLabelled}", "${REFUSAL.unknownItem}", "${REFUSAL.otherModel}", ` +
            `"${REFUSAL.otherModelNamed}" (when the body names a \`model\`), or what is wrong with the label. ` +
            "Needs the `label` permission.",
          tags: ["Labelling"],
          security: key,
          requestBody: withExample(LabelsRequest, { labels: [{ itemId: "4812", label: "spam" }] }),
          responses: {
            "200": { description: "What was stored, what was already there, and what was refused", ...json(LabelsResponse) },
            "400": error("A bad body: no labels, more than 1,000, or a label with neither or both of label and value"),
            ...KEY_ERRORS,
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/labelling/renew": {
        post: {
          summary: "Keep a claimed item",
          description:
            "Extends this key's claim on an item by the model's lease, for a labeller still working on it. A claim that ran out but that nobody else took is picked up again; " +
            "one that went to someone else answers 409, as does an item labelled already. Needs the `label` permission.",
          tags: ["Labelling"],
          security: key,
          requestBody: withExample(RenewRequest, { itemId: "4812" }),
          responses: {
            "200": { description: "The claim's new end", ...json(RenewResponse) },
            "400": error("A bad body"),
            ...KEY_ERRORS,
            "404": error("No such item"),
            "409": error("The claim went to someone else, or the item is labelled"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/notification-channels": {
        post: {
          summary: "Add a notification channel",
          description:
            "`webhook` POSTs the alert JSON signed with `X-Vigil-Timestamp` and `X-Vigil-Signature: sha256=<hex HMAC-SHA256 of \"<timestamp>.<raw body>\" with the secret>`; `slack` posts `{\"text\": …}` to an incoming-webhook URL; `email` sends to `recipients` (comma-separated) through the server's SMTP_URL. " +
            "The URL and the secret are stored encrypted; the secret is never shown again. " +
            "Vigil calls public addresses only, plus the hosts and networks the server lists in VIGIL_OUTBOUND_ALLOW: a URL whose host is (or resolves to) a loopback, private, link-local, unique-local, multicast, unspecified or other non-public address, in any spelling (`2130706433`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]`, `localhost`), is a 400, and is refused again on the address resolved when Vigil connects. " +
            "Only http and https, and no credentials in the URL (`user:pass@`). Needs the `admin` permission for every model: channels serve all models, so a key limited to some models gets a 403.",
          tags: ["Monitors"],
          security: key,
          requestBody: withExample(CreateChannelInput, { name: "ops", type: "webhook", url: "https://hooks.example.com/vigil", secret: "a long random secret" }),
          responses: {
            "201": { description: "Created", ...json(z.object({ id: z.string() })) },
            "400": error(
              "The channel is invalid, or its URL is one Vigil does not call: `fields.url` says why, e.g. \"Vigil does not call 169.254.169.254, a link-local address; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW\"",
              ErrorBody.extend({ fields: z.record(z.string(), z.array(z.string())) }),
            ),
            "401": KEY_ERRORS["401"],
            "403": error("The key lacks the admin permission, or is limited to some models (channels serve every model)"),
            "409": error("A channel with that name exists"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/monitors": {
        get: {
          summary: "List monitors",
          description: "Every monitor the key may see, or one model's with `?model=<slug>`. Needs the `read` permission, or a signed-in session.",
          tags: ["Monitors"],
          security: key,
          parameters: [{ name: "model", in: "query", required: false, description: "A model's slug", schema: { type: "string" } }],
          responses: { "200": { description: "The monitors", ...json(z.object({ monitors: z.array(MonitorOut) })) }, ...KEY_ERRORS, "404": error("No model with that slug") },
        },
        post: {
          summary: "Create a monitor",
          description:
            "`metric`: positiveRate, classShare (with `class`), estimatedAccuracy, sampledAccuracy (classifiers), groundTruthAccuracy, labelCoverage, volume, mae, rmse, sampledMae (regression), scorePsi, featurePsi or featureKs (with `feature`; without one, every feature at once: their p-values corrected by `correction` at `alpha`, and `threshold` is the effect-size floor), featureMissing, featureWrongType, featureOutOfRange or featureNewCategory (a feature's data-quality share, `quality` in the metrics; without `feature`, the largest share of any feature). " +
            "`comparison` above, below or outside (the band `threshold` to `thresholdHigh`); `thresholdMode` relative reads thresholds as a fraction of the reference window's value (+0.2 = 20% above it). " +
            "`resolveThreshold` (hysteresis), `minN` (thinner data never fires), `requireInterval` (the 95% interval, not just the point, must be past), `forEvaluations` (consecutive evaluations). " +
            "`sliceFeature` (a declared segment feature of the model) watches groundTruthAccuracy within a slice: with `sliceValue`, that value's accuracy, judged like the whole model's; without it, any slice: each value with at least `minN` labelled predictions is tested against the rest of the window (one-sided two-proportion test, as GET /slices), the p-values are corrected together by `correction` (Benjamini–Hochberg by default) at `alpha`, and the figure is the largest drop (the rest's accuracy minus the slice's, 0.1 = 10 points) among the slices still significant, 0 when none is: `comparison` above, `threshold` the drop floor; the alert names the slice (`slice`). " +
            "`kind` window (the default: the above) or sequential: a CUSUM fed once per complete hour (groundTruthAccuracy, positiveRate or classShare), `threshold` the change to notice from the reference window's rate (0.05 = five points), `comparison` below, above or outside (either way), `falseAlarmDays` about one false alarm every that many days on healthy traffic (default 30); the band, resolve and relative fields do not apply, and its alerts carry `changePointAt`. " +
            "`policy` notify, propose-retrain or auto-retrain-deploy. Needs the `admin` permission; `channels` (which serve every model) only from a key for every model: a key limited to some models gets a 403 when it names one.",
          tags: ["Monitors"],
          security: key,
          requestBody: withExample(MonitorDefinition, MONITOR_EXAMPLE),
          responses: {
            "201": { description: "Created", ...json(MonitorOut) },
            "400": error("The definition is invalid", ErrorBody.extend({ fields: z.record(z.string(), z.array(z.string())) })),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
            "409": error("The model has a monitor with that name"),
            ...BODY_ERRORS,
          },
        },
      },
      "/api/v1/monitors/{id}": {
        get: {
          summary: "Read a monitor",
          description: "Needs the `read` permission, or a signed-in session.",
          tags: ["Monitors"],
          security: key,
          parameters: [monitorId],
          responses: { "200": { description: "The monitor", ...json(MonitorOut) }, ...KEY_ERRORS, "404": error("No such monitor") },
        },
        put: {
          summary: "Replace a monitor's definition",
          description: "The whole definition, as for POST; the monitor keeps its state and history. Needs the `admin` permission. A key limited to some models may keep or drop the channels already attached, and gets a 403 when it adds one.",
          tags: ["Monitors"],
          security: key,
          parameters: [monitorId],
          requestBody: withExample(MonitorDefinition, { ...MONITOR_EXAMPLE, threshold: 0.6, resolveThreshold: 0.55 }),
          responses: {
            "200": { description: "Replaced", ...json(MonitorOut) },
            "400": error("The definition is invalid", ErrorBody.extend({ fields: z.record(z.string(), z.array(z.string())) })),
            ...KEY_ERRORS,
            "404": error("No such monitor"),
            "409": error("The model has another monitor with that name"),
            ...BODY_ERRORS,
          },
        },
        delete: {
          summary: "Delete a monitor",
          description: "With its evaluations and alerts. Needs the `admin` permission.",
          tags: ["Monitors"],
          security: key,
          parameters: [monitorId],
          responses: { "204": { description: "Deleted" }, ...KEY_ERRORS, "404": error("No such monitor") },
        },
      },
      "/api/v1/monitors/{id}/evaluate": {
        post: {
          summary: "Evaluate a monitor now",
          description: "As the schedule would (every minute): reads the window's figure, moves the state, fires or resolves an alert and queues its notifications. A disabled monitor is not evaluated (409). Needs the `admin` permission.",
          tags: ["Monitors"],
          security: key,
          parameters: [monitorId],
          responses: { "200": { description: "The evaluation", ...json(EvaluationOut) }, ...KEY_ERRORS, "404": error("No such monitor"), "409": error("The monitor is disabled; enable it first") },
        },
      },
      "/api/v1/alerts": {
        get: {
          summary: "List alerts",
          description: "Open alerts first, then the history, newest first; `open` counts the open ones. Needs the `read` permission, or a signed-in session.",
          tags: ["Monitors"],
          security: key,
          parameters: Object.entries((schema(AlertsQuery) as { properties: Record<string, JsonSchema> }).properties).map(([name, s]) => ({
            name,
            in: "query" as const,
            required: false,
            description: { model: "A model's slug", state: "firing or resolved", limit: "At most this many (1 to 500, default 100)" }[name] ?? "",
            schema: s,
          })),
          responses: {
            "200": { description: "The alerts", ...json(z.object({ alerts: z.array(AlertOut), open: z.number().int() })) },
            "400": error("A bad query"),
            ...KEY_ERRORS,
            "404": error("No model with that slug"),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: { summary: "This document", tags: ["Meta"], responses: { "200": { description: "OpenAPI 3.1" } } },
      },
      ...trainingPaths({ schema, error, keyErrors: KEY_ERRORS, bodyErrors: BODY_ERRORS, key }),
      ...modelPaths({ schema, error, keyErrors: KEY_ERRORS, bodyErrors: BODY_ERRORS, key }),
    },
  };
}
