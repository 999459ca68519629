import { API_PERMISSIONS, type ApiPermission } from "@/lib/api-keys/constants";
import { ROLES, type Role } from "@/lib/auth/roles";

/**
 * Who may call what: every route under app/api/v1 and every server action, for each role, each
 * API-key permission and nobody. e2e/security-access-matrix.spec.ts calls each one as each caller
 * against the production server, and FAILS when a route file or a server action exists that this
 * table does not list, so a new route or action must be added here with its answers.
 *
 * Requests are chosen to change nothing: a caller who is let in gets a 400/404 for an input that
 * names nothing real, or a read; a caller who is not gets 401/403 before anything happens.
 */

export type Caller = Role | "nobody" | `key:${ApiPermission}`;
export const CALLERS: readonly Caller[] = [...ROLES, ...API_PERMISSIONS.map((p) => `key:${p}` as const), "nobody"];

export type RouteCase = {
  /** The URL to call, with any [param] filled in. */
  url: string;
  body?: unknown;
  /** The HTTP status each caller gets. */
  expect: Record<Caller, number>;
};

/** A route for API keys only (keyRoute): sessions are not enough, and only `permission` gets in. */
function keyOnly(url: string, permission: ApiPermission, admitted: number, body: unknown): RouteCase {
  const expect = Object.fromEntries(CALLERS.map((c) => [c, c === `key:${permission}` ? admitted : c.startsWith("key:") ? 403 : 401])) as Record<Caller, number>;
  return { url, body, expect };
}

/** A key route that any of several permissions opens. */
function keyOnlyAny(url: string, permissions: ApiPermission[], admitted: number, body: unknown): RouteCase {
  const expect = Object.fromEntries(CALLERS.map((c) => [c, permissions.some((p) => c === `key:${p}`) ? admitted : c.startsWith("key:") ? 403 : 401])) as Record<Caller, number>;
  return { url, body, expect };
}

/** A read route (readerRoute): a key with `read`, or a signed-in person whose role may view models. */
function reader(url: string, admitted = 200): RouteCase {
  const expect = Object.fromEntries(CALLERS.map((c) => [c, c === "key:read" ? admitted : c.startsWith("key:") ? 403 : c === "nobody" ? 401 : admitted])) as Record<Caller, number>;
  return { url, expect };
}

function open(url: string): RouteCase {
  return { url, expect: Object.fromEntries(CALLERS.map((c) => [c, 200])) as Record<Caller, number> };
}

/** A well-formed id that names no monitor. */
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

/** Keyed by `METHOD /api/v1/<folder path>` exactly as the route files sit. */
export const ROUTES: Record<string, RouteCase> = {
  // A row with an empty id: the ingest key gets the per-row 400, nothing is stored.
  "POST /api/v1/predictions": keyOnly("/api/v1/predictions", "ingest", 400, { model: "spam-filter", predictions: [{ id: "" }] }),
  // An id that was never sent: 200 listing it as unknown, nothing is stored.
  "POST /api/v1/ground-truth": keyOnly("/api/v1/ground-truth", "ingest", 200, { model: "spam-filter", actuals: [{ id: "access-matrix-no-such-id", label: "ham" }] }),
  // A model that does not exist: the label key gets 404 after the permission check, nothing is claimed.
  "POST /api/v1/labelling/claim": keyOnly("/api/v1/labelling/claim", "label", 404, { model: "access-matrix-no-such-model", limit: 1 }),
  "POST /api/v1/labelling/labels": keyOnly("/api/v1/labelling/labels", "label", 400, { labels: [] }),
  // An item id that is not one: the label key gets 400, no claim is touched.
  "POST /api/v1/labelling/renew": keyOnly("/api/v1/labelling/renew", "label", 400, { itemId: "access-matrix" }),
  "GET /api/v1/models": keyOnly("/api/v1/models", "read", 200, undefined),
  // An empty body: the admin key gets 400, no model is made.
  "POST /api/v1/models": keyOnly("/api/v1/models", "admin", 400, {}),
  "GET /api/v1/models/[model]/metrics": reader("/api/v1/models/spam-filter/metrics"),
  "GET /api/v1/models/[model]": reader("/api/v1/models/spam-filter"),
  // A drift minimum of 0 is refused: the admin key gets 400, nothing changes.
  "PATCH /api/v1/models/[model]": keyOnly("/api/v1/models/spam-filter", "admin", 400, { driftMinN: 0 }),
  // A version without a name: 400 for the keys that may register, nothing is stored.
  "POST /api/v1/models/[model]/versions": keyOnlyAny("/api/v1/models/spam-filter/versions", ["register", "admin"], 400, { artifactUri: "s3://access-matrix" }),
  "GET /api/v1/models/[model]/slices": reader("/api/v1/models/spam-filter/slices"),
  "GET /api/v1/metrics": reader("/api/v1/metrics"),
  // The API's own description is public.
  "GET /api/v1/openapi.json": open("/api/v1/openapi.json"),
  // Monitors as code: an empty body is a 400 for the admin key; an id that names nothing a 404.
  "POST /api/v1/notification-channels": keyOnly("/api/v1/notification-channels", "admin", 400, {}),
  "POST /api/v1/monitors": keyOnly("/api/v1/monitors", "admin", 400, {}),
  "GET /api/v1/monitors": reader("/api/v1/monitors"),
  "GET /api/v1/monitors/[id]": reader(`/api/v1/monitors/${NO_SUCH_ID}`, 404),
  "PUT /api/v1/monitors/[id]": keyOnly(`/api/v1/monitors/${NO_SUCH_ID}`, "admin", 400, {}),
  "DELETE /api/v1/monitors/[id]": keyOnly(`/api/v1/monitors/${NO_SUCH_ID}`, "admin", 404, undefined),
  "POST /api/v1/monitors/[id]/evaluate": keyOnly(`/api/v1/monitors/${NO_SUCH_ID}/evaluate`, "admin", 404, {}),
  "GET /api/v1/alerts": reader("/api/v1/alerts"),
  // Serving stores predictions, so it takes the ingest permission; a text that is not a string is a 400.
  "POST /api/v1/models/[model]/predict": keyOnly("/api/v1/models/spam-filter/predict", "ingest", 400, { text: 12 }),
  "GET /api/v1/runs": reader("/api/v1/runs?model=spam-filter"),
  // Pipelines and deploy targets call back with their run's or deployment's own token: sessions
  // and no header get 401; any bearer (an API key here) reaches the lookup, which finds no run.
  "POST /api/v1/runs/[run]/events": tokenOnly(`/api/v1/runs/${NO_SUCH_ID}/events`, { type: "progress", progress: 0.5 }),
  "POST /api/v1/deployments/[deployment]/events": tokenOnly(`/api/v1/deployments/${NO_SUCH_ID}/events`, { type: "succeeded" }),
};

/** A callback route authenticated by its own token, called for an id that names nothing. */
function tokenOnly(url: string, body: unknown): RouteCase {
  return { url, body, expect: Object.fromEntries(CALLERS.map((c) => [c, c.startsWith("key:") ? 404 : 401])) as Record<Caller, number> };
}

export type ActionCase = {
  /** Roles the action lets in; they get `admitted` as the result's code. Others get "forbidden". */
  allowed: readonly Role[];
  input: unknown;
  /** The result code for an admitted role: the input names nothing, so it is refused after the check. */
  admitted: string;
};

const ADMIN: Role[] = ["admin"];
const LABELLERS: Role[] = ["admin", "annotator"];
/** Sampling policies, review of disagreements, gold items and backfills. */
const LABELLING_MANAGERS: Role[] = ["admin", "approver"];
const MONITOR_EDITORS: Role[] = ["admin", "approver"];
const EVERYONE: Role[] = ["admin", "approver", "annotator", "viewer"];

/**
 * Keyed by `file#export`. Signed out (and API keys, which actions do not take) the proxy sends the
 * POST to /login before it reaches any action; each action also checks the session itself.
 */
export const ACTIONS: Record<string, ActionCase> = {
  // One's own password and sessions: everyone signed in; an empty input changes nothing.
  "lib/actions/account.ts#changeOwnPasswordAction": { allowed: EVERYONE, input: {}, admitted: "invalid_input" },
  "lib/actions/account.ts#endOwnSessionsAction": { allowed: EVERYONE, input: {}, admitted: "invalid_input" },
  "lib/actions/api-keys.ts#createApiKeyAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/api-keys.ts#revokeApiKeyAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#claimNextItemAction": { allowed: LABELLERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#renewClaimAction": { allowed: LABELLERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#submitLabelAction": { allowed: LABELLERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#skipItemAction": { allowed: LABELLERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#undoLastLabelAction": { allowed: LABELLERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#setSamplingPolicyAction": { allowed: LABELLING_MANAGERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#resolveReviewAction": { allowed: LABELLING_MANAGERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#addGoldItemAction": { allowed: LABELLING_MANAGERS, input: {}, admitted: "invalid_input" },
  "lib/actions/labelling.ts#startBackfillAction": { allowed: LABELLING_MANAGERS, input: {}, admitted: "invalid_input" },
  "lib/actions/models.ts#createModelAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/models.ts#setSegmentFeaturesAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/models.ts#updateModelSettingsAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/users.ts#createUserAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/users.ts#changeUserRoleAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/users.ts#setUserActiveAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/users.ts#resetUserPasswordAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/monitors.ts#createMonitorAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/monitors.ts#updateMonitorAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/monitors.ts#deleteMonitorAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/monitors.ts#evaluateMonitorAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/monitors.ts#acknowledgeAlertAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/monitors.ts#silenceAlertAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  // The form's preview reads figures only: anyone who may view models may preview.
  "lib/actions/monitors.ts#previewMonitorAction": { allowed: EVERYONE, input: {}, admitted: "invalid_input" },
  "lib/actions/notifications.ts#createChannelAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/notifications.ts#testChannelAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  "lib/actions/notifications.ts#deleteChannelAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
  // Retrain and deploy: approvers and admins; an empty input names no model, run or request.
  "lib/actions/registry.ts#startRetrainAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/registry.ts#cancelRunAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/registry.ts#approveDeployAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/registry.ts#rejectDeployAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/registry.ts#rollbackAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/registry.ts#requestDeployAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  // Issue #13: approvers set the policy half of a model's pipeline; only admins say where runs and
  // deploys are sent and with which secrets.
  "lib/actions/registry.ts#updatePipelinePolicyAction": { allowed: MONITOR_EDITORS, input: {}, admitted: "invalid_input" },
  "lib/actions/registry.ts#updatePipelineConnectionsAction": { allowed: ADMIN, input: {}, admitted: "invalid_input" },
};

/** Values for [param] segments of the pages that serve actions. */
export const PAGE_PARAMS = { slug: "spam-filter", id: NO_SUCH_ID };
