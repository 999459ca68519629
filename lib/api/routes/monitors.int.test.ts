import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, monitorEvaluations, monitors } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import {
  createMonitorRoute,
  deleteMonitorRoute,
  evaluateMonitorRoute,
  getMonitorRoute,
  listMonitorsRoute,
  updateMonitorRoute,
} from "./monitors";
import { listAlertsRoute } from "./alerts";
import { createChannelRoute } from "./notification-channels";

let t: TestDatabase;
let adminKey: string;
let readKey: string;
const deps = () => ({ db: () => t.db, sessionUser: async () => null });

beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam-filter");
  adminKey = await createKey(t.db, ["admin", "read"]);
  readKey = await createKey(t.db, ["read"]);
});
afterAll(async () => t.drop());

/** A route with an {id} parameter, called as Next.js would. */
const withId = (route: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>, id: string) => (r: Request) => route(r, { params: Promise.resolve({ id }) });
const noParams = (route: (r: Request, c: { params: Promise<Record<string, never>> }) => Promise<Response>) => (r: Request) => route(r, { params: Promise.resolve({}) });
async function get(route: (r: Request) => Promise<Response>, path: string, key: string | null) {
  const response = await route(new Request(`http://vigil.test${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }));
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const definition = {
  model: "spam-filter", name: "spam share jumped", metric: "positiveRate", window: "24h", comparison: "above", threshold: 0.5,
  resolveThreshold: 0.45, minN: 5, forEvaluations: 1, severity: "critical", policy: "notify", channels: [] as string[],
};

describe("monitors as code (API.md)", () => {
  it("creates a channel and a monitor (201), reads, replaces, evaluates and deletes it", async () => {
    const channel = await call(createChannelRoute(deps()), { key: adminKey, body: { name: "ops", type: "webhook", url: "https://hooks.example.com/vigil", secret: "0123456789abcdef" } });
    expect(channel).toMatchObject({ status: 201, json: { id: expect.any(String) } });

    const created = await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, channels: [channel.json!.id] } });
    expect(created.status).toBe(201);
    const id = created.json!.id as string;
    expect(created.json).toMatchObject({ id, model: "spam-filter", metric: "positiveRate", threshold: 0.5, channels: [channel.json!.id], state: "ok" });
    expect((await t.db.select().from(auditLog).where(eq(auditLog.targetId, id)))[0]).toMatchObject({ action: "monitor.created", actorType: "api_key" });

    const listed = await get(noParams(listMonitorsRoute(deps())), "/api/v1/monitors?model=spam-filter", readKey);
    expect(listed.status).toBe(200);
    expect((listed.json.monitors as { id: string }[]).map((m) => m.id)).toEqual([id]);
    expect((await get(withId(getMonitorRoute(deps()), id), `/api/v1/monitors/${id}`, readKey)).json).toMatchObject({ id, name: "spam share jumped" });

    const replaced = await call(withId(updateMonitorRoute(deps()), id), { key: adminKey, method: "PUT", body: { ...definition, threshold: 0.6, resolveThreshold: 0.55 } });
    expect(replaced).toMatchObject({ status: 200, json: { id, threshold: 0.6, channels: [] } });

    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, score: 0.9, label: i < 7 ? "spam" : "ham", features: {} }));
    await ingestPredictions(systemContext(t.db), { model: "spam-filter", predictions: rows });
    const evaluated = await call(withId(evaluateMonitorRoute(deps()), id), { key: adminKey, body: {} });
    expect(evaluated).toMatchObject({ status: 200, json: { state: "firing", value: 0.7, n: 10 } });

    const alerts = await get(noParams(listAlertsRoute(deps())), "/api/v1/alerts?model=spam-filter", readKey);
    expect(alerts.status).toBe(200);
    expect(alerts.json.alerts).toEqual([expect.objectContaining({ id: expect.any(String), monitorId: id, state: "firing", value: 0.7, firedAt: expect.any(String), resolvedAt: null })]);
    expect(alerts.json.open).toBe(1);

    expect((await call(withId(deleteMonitorRoute(deps()), id), { key: adminKey, method: "DELETE" })).status).toBe(204);
    expect(await t.db.$count(monitors, eq(monitors.id, id))).toBe(0);
    expect((await call(withId(deleteMonitorRoute(deps()), id), { key: adminKey, method: "DELETE" })).status).toBe(404);
  });

  it("answers 400 with reasons per field, 404 for unknown models and monitors, 409 for a second name", async () => {
    const bad = await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, threshold: "lots", resolveThreshold: 0.7 } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: "invalid_input", fields: { threshold: ["Enter a threshold"] } });
    const wrongTask = await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, metric: "mae" } });
    expect(wrongTask).toMatchObject({ status: 400, json: { fields: { metric: ["A binary model has no mae"] } } });
    expect((await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, model: "nope" } })).status).toBe(404);
    expect((await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, channels: ["00000000-0000-4000-8000-000000000000"] } })).status).toBe(400);
    expect((await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, name: "twice" } })).status).toBe(201);
    expect((await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, name: "twice" } })).status).toBe(409);
    expect((await get(withId(getMonitorRoute(deps()), "not-an-id"), "/api/v1/monitors/not-an-id", readKey)).status).toBe(404);
    expect((await call(withId(evaluateMonitorRoute(deps()), "00000000-0000-4000-8000-000000000000"), { key: adminKey, body: {} })).status).toBe(404);
    expect((await call(createMonitorRoute(deps()), { key: adminKey, rawBody: "x", contentType: "text/plain" })).status).toBe(415);
  });

  it("answers 409 with the reason when asked to evaluate a disabled monitor, and evaluates nothing", async () => {
    const created = await call(createMonitorRoute(deps()), { key: adminKey, body: { ...definition, name: "switched off", enabled: false } });
    expect(created.status).toBe(201);
    const id = created.json!.id as string;
    const answer = await call(withId(evaluateMonitorRoute(deps()), id), { key: adminKey, body: {} });
    expect(answer).toMatchObject({ status: 409, json: { error: "conflict", message: 'The monitor "switched off" is disabled: enable it first, then evaluate it.' } });
    expect(await t.db.$count(monitorEvaluations, eq(monitorEvaluations.monitorId, id))).toBe(0);
  });

  it("needs a key, and the admin permission for writes (401, 403)", async () => {
    expect((await call(createMonitorRoute(deps()), { body: definition })).status).toBe(401);
    expect((await call(createMonitorRoute(deps()), { key: readKey, body: { ...definition, name: "by reader" } })).status).toBe(403);
    expect((await call(createChannelRoute(deps()), { key: readKey, body: { name: "x", type: "slack", url: "https://hooks.slack.com/x" } })).status).toBe(403);
    expect((await get(noParams(listAlertsRoute(deps())), "/api/v1/alerts", null)).status).toBe(401);
    const ingestOnly = await createKey(t.db, ["ingest"]);
    expect((await get(noParams(listMonitorsRoute(deps())), "/api/v1/monitors", ingestOnly)).status).toBe(403);
    await createBinaryModel(t.db, "other");
    const otherModel = await createKey(t.db, ["admin", "read"], ["other"]);
    expect((await call(createMonitorRoute(deps()), { key: otherModel, body: { ...definition, name: "out of scope" } })).status).toBe(403);
    expect((await get(noParams(listAlertsRoute(deps())), "/api/v1/alerts", otherModel)).json).toEqual({ alerts: [], open: 0 });
  });
});
