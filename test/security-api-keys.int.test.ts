import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { predictions } from "@/lib/db/schema";
import { API_PERMISSIONS } from "@/lib/api-keys/constants";
import { systemContext } from "@/lib/services/context";
import { revokeApiKey, listApiKeys, createApiKey } from "@/lib/services/api-keys";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSamplingPolicy } from "@/lib/services/labelling";
import { groundTruthRoute, predictionsRoute } from "@/lib/api/routes/predictions";
import { claimRoute, labelsRoute } from "@/lib/api/routes/labelling";
import { createModelRoute, listModelsRoute } from "@/lib/api/routes/models";
import { modelMetricsRoute } from "@/lib/api/routes/metrics";
import { prometheusRoute } from "@/lib/api/routes/prometheus";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createKey } from "@/test/api";
import { actingAs } from "@/test/actors";
import { setUserActive } from "@/lib/services/users";

// API-key scope and revocation on every route that takes a key (issue #8). Per-route tests check
// some of this for their own route; here one key with every permission is revoked and must be
// refused everywhere at once, and a key scoped to one model must not reach another through any
// route, the Prometheus scrape included.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const slug of ["mine", "theirs"]) {
    await createBinaryModel(t.db, slug);
    await setSamplingPolicy(systemContext(t.db), { slug, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    await ingestPredictions(systemContext(t.db), { model: slug, predictions: [{ id: `${slug}-1`, score: 0.9, label: "spam", timestamp: new Date(Date.now() - 600_000).toISOString() }] });
  }
});
afterAll(async () => t.drop());

const deps = () => ({ db: () => t.db, sessionUser: async () => null });

/** Each key-taking route, called with `key` for the model `model`. */
function calls(model: string) {
  const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return {
    "POST /api/v1/predictions": { route: predictionsRoute(deps()), init: post({ model, predictions: [{ id: `k-${model}`, score: 0.5, label: "ham" }] }) },
    "POST /api/v1/ground-truth": { route: groundTruthRoute(deps()), init: post({ model, actuals: [{ id: `${model}-1`, label: "ham" }] }) },
    "POST /api/v1/labelling/claim": { route: claimRoute(deps()), init: post({ model, limit: 1 }) },
    "GET /api/v1/models/{model}/metrics": { route: modelMetricsRoute(deps()), init: { method: "GET" }, params: { model } },
  };
}

async function send(entry: { route: (r: Request, c: { params: Promise<unknown> }) => Promise<Response>; init: RequestInit; params?: unknown }, key: string) {
  const headers = { ...(entry.init.headers as Record<string, string> | undefined), authorization: `Bearer ${key}` };
  const response = await entry.route(new Request("http://vigil.test/api/v1/x", { ...entry.init, headers }), { params: Promise.resolve(entry.params ?? {}) });
  return { status: response.status, body: await response.text() };
}

describe("a revoked key", () => {
  it("is refused with 401 by every route that takes a key, from the next request on", async () => {
    const key = await createKey(t.db, [...API_PERMISSIONS]);
    const row = (await listApiKeys(systemContext(t.db))).find((k) => key.startsWith(k.prefix));
    const everyRoute = {
      ...calls("mine"),
      "POST /api/v1/labelling/labels": { route: labelsRoute(deps()), init: { method: "POST", body: JSON.stringify({ labels: [{ itemId: "1", label: "ham" }] }), headers: { "content-type": "application/json" } } },
      "GET /api/v1/models": { route: listModelsRoute(deps()), init: { method: "GET" } },
      "POST /api/v1/models": { route: createModelRoute(deps()), init: { method: "POST", body: JSON.stringify({ slug: "made-by-key", name: "x", task: "regression" }), headers: { "content-type": "application/json" } } },
      "GET /api/v1/metrics": { route: prometheusRoute(deps()), init: { method: "GET" } },
    };
    // Before: let in everywhere (no 401, no 403).
    for (const [name, entry] of Object.entries(everyRoute)) expect((await send(entry as never, key)).status, name).toBeLessThan(400);
    await revokeApiKey(systemContext(t.db), { keyId: row!.id });
    for (const [name, entry] of Object.entries(everyRoute)) {
      const res = await send(entry as never, key);
      expect(res.status, name).toBe(401);
      expect(JSON.parse(res.body), name).toEqual({ error: "unauthorized", message: "This API key is unknown or has been revoked." });
    }
  });
});

describe("a key scoped to one model", () => {
  it("reaches its model and no other, through any route", async () => {
    const key = await createKey(t.db, [...API_PERMISSIONS], ["mine"]);
    for (const [name, entry] of Object.entries(calls("mine"))) expect((await send(entry as never, key)).status, name).toBe(200);
    for (const [name, entry] of Object.entries(calls("theirs"))) {
      const res = await send(entry as never, key);
      expect(res.status, name).toBe(403);
      expect(JSON.parse(res.body), name).toEqual({ error: "forbidden", message: "This API key may not be used for the model theirs." });
    }
    expect(await t.db.$count(predictions, eq(predictions.externalId, "k-theirs"))).toBe(0);

    // The scrape and the model list show its model only.
    const scrape = await send({ route: prometheusRoute(deps()), init: { method: "GET" } } as never, key);
    expect(scrape.status).toBe(200);
    expect(scrape.body).toContain('model="mine"');
    expect(scrape.body).not.toContain('model="theirs"');
    const listed = JSON.parse((await send({ route: listModelsRoute(deps()), init: { method: "GET" } } as never, key)).body) as { models: { slug: string }[] };
    expect(listed.models.map((m) => m.slug)).toEqual(["mine"]);
  });
});

describe("a key whose creator is deactivated (issue #13)", () => {
  it("is refused by every route while its creator is deactivated, and listed as such", async () => {
    const leaver = await actingAs(t.db, "admin");
    const boss = await actingAs(t.db, "admin");
    const { secret: key, id: madeId } = await createApiKey(leaver, { name: "made by a leaver", permissions: [...API_PERMISSIONS], models: null });
    for (const [name, entry] of Object.entries(calls("mine"))) expect((await send(entry as never, key)).status, name).toBe(200);

    await setUserActive(boss, { userId: leaver.actor.id, active: false });
    for (const [name, entry] of Object.entries(calls("mine"))) {
      const res = await send(entry as never, key);
      expect(res.status, name).toBe(401);
      expect(JSON.parse(res.body), name).toEqual({ error: "unauthorized", message: "This API key's creator has been deactivated, so the key no longer works." });
    }
    const listed = (await listApiKeys(boss)).find((k) => k.id === madeId);
    expect(listed).toMatchObject({ revokedAt: null, createdBy: { email: leaver.actor.email, active: false } });
    // A key made from the command line has no creator and goes on working.
    const cliKey = await createKey(t.db, ["read"]);
    expect((await send(calls("mine")["GET /api/v1/models/{model}/metrics"] as never, cliKey)).status).toBe(200);
  });
});
