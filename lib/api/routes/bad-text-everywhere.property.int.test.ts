import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelPipelines, trainingExamples } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { startRetrainRun, runBuiltInTraining } from "@/lib/services/runs";
import { isStorableText } from "@/lib/validation/storable-text";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createKey } from "@/test/api";
import { awkwardText, awkwardTime } from "@/test/awkward-input";
import { syntheticExamples } from "@/test/training";
import { groundTruthRoute, predictionsRoute } from "./predictions";
import { claimRoute, labelsRoute, renewRoute } from "./labelling";
import { createModelRoute, listModelsRoute } from "./models";
import { modelMetricsRoute } from "./metrics";
import { prometheusRoute } from "./prometheus";
import { createMonitorRoute, deleteMonitorRoute, evaluateMonitorRoute, getMonitorRoute, listMonitorsRoute, updateMonitorRoute } from "./monitors";
import { listAlertsRoute } from "./alerts";
import { createChannelRoute } from "./notification-channels";
import { predictRoute } from "./serving";
import { runsListRoute } from "./runs-list";
import { runEventsRoute } from "./runs";
import { deploymentEventsRoute } from "./deployments";
import { getModelRoute, patchModelRoute, registerVersionRoute } from "./model-settings";

// Issue #14: every route under app/api/v1, called with arbitrary text (any code point, NUL,
// unpaired surrogates) or an arbitrary time in one of its body fields, query parameters or path
// parameters, answers as a client error, never 500; and text PostgreSQL cannot store is a 400.
// Before the fix `GET /api/v1/alerts?model=%00` and a monitor or channel named with a NUL were
// 500s, as was a metrics range from year 0.

const NOW = Date.now();
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
let t: TestDatabase;
let key: string;
let monitorId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  key = await createKey(t.db, ["ingest", "read", "label", "register", "admin"]);
  const modelId = (await createBinaryModel(t.db, "spam-filter")).id;
  // A built-in model in production, so /predict gets as far as scoring and storing.
  await t.db.insert(modelPipelines).values({ modelId, trainer: "built-in", deployPolicy: "auto", autoMargin: 0, autoMinN: 1 });
  await t.db.insert(trainingExamples).values(syntheticExamples(modelId, 200));
  const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "spam-filter" });
  await runBuiltInTraining(t.db, run.id, { epochs: 2 });
  const created = await call(createMonitorRoute(deps()), "POST", "/api/v1/monitors", {}, MONITOR);
  expect(created.status).toBe(201);
  monitorId = (created.json as { id: string }).id;
}, 120_000);
afterAll(async () => t.drop());

const deps = () => ({ db: () => t.db, sessionUser: async () => null });
type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(route: Route, method: string, path: string, params: Record<string, string>, body?: unknown) {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await route(new Request(`http://vigil.test${path}`, init), { params: Promise.resolve(params) });
  const text = await response.text();
  // The Prometheus scrape answers text; everything else JSON.
  const json = response.headers.get("content-type")?.includes("json") && text ? (JSON.parse(text) as unknown) : null;
  return { status: response.status, json };
}

const MONITOR = { model: "spam-filter", name: "spam share", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5, minN: 5, forEvaluations: 1, severity: "critical", policy: "notify", channels: [] };

/** A route and a request it answers normally; every string in `body`, `query` and `params` is a place to put bad text. */
type Case = {
  route: () => Route;
  method: string;
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Fields that hold times: they get arbitrary times rather than arbitrary text. */
  times?: string[];
  /** How unstorable text is refused: 400, or 404 where the route looks up what it names (a run's token) before reading the body. */
  refusedWith?: number[];
};
const CASES: Record<string, Case> = {
  "POST /predictions": { route: () => predictionsRoute(deps()) as Route, method: "POST", path: "/api/v1/predictions", body: { model: "spam-filter", predictions: [{ id: "p", version: "v1", timestamp: new Date(NOW).toISOString(), features: { f: "x" }, score: 0.5, label: "ham", actual: { label: "spam" } }] }, times: ["timestamp"] },
  "POST /ground-truth": { route: () => groundTruthRoute(deps()) as Route, method: "POST", path: "/api/v1/ground-truth", body: { model: "spam-filter", actuals: [{ id: "p", label: "ham", timestamp: new Date(NOW).toISOString() }] }, times: ["timestamp"] },
  "POST /labelling/claim": { route: () => claimRoute(deps()) as Route, method: "POST", path: "/api/v1/labelling/claim", body: { model: "spam-filter", limit: 2 } },
  "POST /labelling/labels": { route: () => labelsRoute(deps()) as Route, method: "POST", path: "/api/v1/labelling/labels", body: { labels: [{ itemId: "1", label: "spam" }] } },
  "POST /labelling/renew": { route: () => renewRoute(deps()) as Route, method: "POST", path: "/api/v1/labelling/renew", body: { itemId: "1" } },
  "GET /models": { route: () => listModelsRoute(deps()) as Route, method: "GET", path: "/api/v1/models", query: { q: "x" } },
  "POST /models": { route: () => createModelRoute(deps()) as Route, method: "POST", path: "/api/v1/models", body: { slug: "new-model", name: "New", task: "binary", classes: ["a", "b"], positiveClass: "b", description: "d" } },
  "GET /models/{model}/metrics": { route: () => modelMetricsRoute(deps()) as Route, method: "GET", path: "/api/v1/models/{model}/metrics", params: { model: "spam-filter" }, query: { from: new Date(NOW - 86_400_000).toISOString(), to: new Date(NOW).toISOString(), bucket: "hour" }, times: ["from", "to"] },
  "GET /models/{model}": { route: () => getModelRoute(deps()) as Route, method: "GET", path: "/api/v1/models/{model}", params: { model: "spam-filter" } },
  "PATCH /models/{model}": {
    route: () => patchModelRoute(deps()) as Route,
    method: "PATCH",
    path: "/api/v1/models/{model}",
    params: { model: "spam-filter" },
    body: { name: "Spam", description: "d", referenceWindow: { from: "2026-11-01", to: "2026-11-07" }, sampling: { stratifyBy: "none" }, pipeline: { schedule: "0 3 * * 1", deployPolicy: "approval", rollbackMonitorId: NO_SUCH_ID } },
  },
  "POST /models/{model}/versions": {
    route: () => registerVersionRoute(deps()) as Route,
    method: "POST",
    path: "/api/v1/models/{model}/versions",
    params: { model: "spam-filter" },
    body: { name: "v9", artifactUri: "s3://models/v9", metrics: { accuracy: 0.9 }, evaluatedOn: "held out", trainingFrom: new Date(NOW - 86_400_000).toISOString(), trainingTo: new Date(NOW).toISOString() },
    times: ["trainingFrom", "trainingTo"],
  },
  "GET /metrics": { route: () => prometheusRoute(deps()) as Route, method: "GET", path: "/api/v1/metrics", query: { model: "spam-filter" } },
  "POST /notification-channels": { route: () => createChannelRoute(deps()) as Route, method: "POST", path: "/api/v1/notification-channels", body: { name: "ops", type: "webhook", url: "https://hooks.example.com/vigil", secret: "0123456789abcdef" } },
  "POST /monitors": { route: () => createMonitorRoute(deps()) as Route, method: "POST", path: "/api/v1/monitors", body: MONITOR },
  "GET /monitors": { route: () => listMonitorsRoute(deps()) as Route, method: "GET", path: "/api/v1/monitors", query: { model: "spam-filter" } },
  "GET /monitors/{id}": { route: () => getMonitorRoute(deps()) as Route, method: "GET", path: "/api/v1/monitors/{id}", params: { id: "(monitor)" } },
  "PUT /monitors/{id}": { route: () => updateMonitorRoute(deps()) as Route, method: "PUT", path: "/api/v1/monitors/{id}", params: { id: "(monitor)" }, body: MONITOR },
  "DELETE /monitors/{id}": { route: () => deleteMonitorRoute(deps()) as Route, method: "DELETE", path: "/api/v1/monitors/{id}", params: { id: NO_SUCH_ID } },
  "POST /monitors/{id}/evaluate": { route: () => evaluateMonitorRoute(deps()) as Route, method: "POST", path: "/api/v1/monitors/{id}/evaluate", params: { id: "(monitor)" } },
  "GET /alerts": { route: () => listAlertsRoute(deps()) as Route, method: "GET", path: "/api/v1/alerts", query: { model: "spam-filter", state: "firing", limit: "10" } },
  "POST /models/{model}/predict": { route: () => predictRoute(deps()) as Route, method: "POST", path: "/api/v1/models/{model}/predict", params: { model: "spam-filter" }, body: { inputs: [{ id: "served", text: "Subject: hello", features: { links: 1, domain: "a.org" }, timestamp: new Date(NOW).toISOString() }] }, times: ["timestamp"] },
  "GET /runs": { route: () => runsListRoute(deps()) as Route, method: "GET", path: "/api/v1/runs", query: { model: "spam-filter", limit: "5" } },
  "POST /runs/{run}/events": { route: () => runEventsRoute(deps()) as Route, method: "POST", path: "/api/v1/runs/{run}/events", params: { run: NO_SUCH_ID }, body: { type: "progress", progress: 0.5, message: "epoch 1" }, refusedWith: [400, 404] },
  "POST /deployments/{deployment}/events": { route: () => deploymentEventsRoute(deps()) as Route, method: "POST", path: "/api/v1/deployments/{deployment}/events", params: { deployment: NO_SUCH_ID }, body: { type: "succeeded", message: "done" }, refusedWith: [400, 404] },
};

type Place = { where: "body" | "query" | "param"; path: (string | number)[] };

/** Every string in a value (keys too, as the place of the value under them), with its path. */
function stringPlaces(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPlaces(v, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringPlaces(v, [...path, k]));
  return [];
}

function placesOf(c: Case): Place[] {
  return [
    ...stringPlaces(c.body).map((path) => ({ where: "body" as const, path })),
    ...Object.keys(c.query ?? {}).map((k) => ({ where: "query" as const, path: [k] })),
    ...Object.keys(c.params ?? {}).map((k) => ({ where: "param" as const, path: [k] })),
  ];
}

function setAt(value: unknown, path: (string | number)[], replacement: string): unknown {
  if (!path.length) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

/** Percent-encodes as a client would; an unpaired surrogate, which UTF-8 cannot hold, as the bytes some clients send for it. */
function encode(text: string): string {
  return [...text]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return "%ED%A0%80";
      }
    })
    .join("");
}

async function send(c: Case, place: Place, bad: string) {
  const params = Object.fromEntries(Object.entries(c.params ?? {}).map(([k, v]) => [k, v === "(monitor)" ? monitorId : v]));
  const query = { ...c.query };
  let body = c.body;
  if (place.where === "body") body = setAt(body, place.path, bad);
  if (place.where === "query") query[place.path[0] as string] = bad;
  if (place.where === "param") params[place.path[0] as string] = bad;
  const path = c.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(params[name]!));
  const search = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encode(v)}`).join("&");
  return call(c.route(), c.method, search ? `${path}?${search}` : path, params, body);
}

describe("bad text and times in every input of every API route", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: a client error, never a 500; unstorable text is a 400`, async () => {
      const places = placesOf(c);
      expect(places.length).toBeGreaterThan(0);
      const timePlaces = (c.times ?? []).length;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...places), awkwardText, awkwardTime(NOW), async (place, text, time) => {
          const last = String(place.path.at(-1));
          const bad = timePlaces && (c.times ?? []).includes(last) ? time : text;
          const res = await send(c, place, bad);
          const what = `${place.where} ${place.path.join(".")} = ${JSON.stringify(bad)}: ${JSON.stringify(res.json)}`;
          expect(res.status, what).toBeLessThan(500);
          // A query string is percent-decoded as UTF-8, so an unpaired surrogate arrives as U+FFFD; NUL arrives as NUL.
          const unstorable = place.where === "query" ? bad.includes("\0") : !isStorableText(bad);
          if (unstorable) expect(c.refusedWith ?? [400], what).toContain(res.status);
          if (res.status >= 400) expect(res.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
        }),
        { numRuns: 40 },
      );
    }, 120_000);
  }
});
