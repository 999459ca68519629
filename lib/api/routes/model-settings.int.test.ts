import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, deployRequests, models, modelVersions } from "@/lib/db/schema";
import type { UserActor } from "@/lib/services/context";
import { approveDeployRequest } from "@/lib/services/deploys";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createKey } from "@/test/api";
import { actingAs } from "@/test/actors";
import { getModelRoute, patchModelRoute, registerVersionRoute } from "./model-settings";

// API.md "Models, for set-up scripts" and "Training pipelines call back": a set-up script reads
// and changes every setting, and a pipeline Vigil did not start registers its version.

let t: TestDatabase;
let session: UserActor | null = null;
let keys: Record<"admin" | "read" | "ingest" | "label" | "register", string>;
const deps = () => ({ db: () => t.db, sessionUser: async () => session });

beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam-filter");
  await createBinaryModel(t.db, "other");
  keys = {
    admin: await createKey(t.db, ["admin"]),
    read: await createKey(t.db, ["read"]),
    ingest: await createKey(t.db, ["ingest"]),
    label: await createKey(t.db, ["label"]),
    register: await createKey(t.db, ["register"]),
  };
});
afterAll(async () => t.drop());

// Response bodies, read by path in the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
type Route = (r: Request, c: { params: Promise<{ model: string }> }) => Promise<Response>;
async function send(route: Route, model: string, options: { method?: string; key?: string; body?: unknown; rawBody?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const method = options.method ?? "GET";
  const body = method === "GET" ? undefined : (options.rawBody ?? JSON.stringify(options.body));
  const response = await route(new Request(`http://vigil.test/api/v1/models/${model}`, { method, headers, body }), { params: Promise.resolve({ model }) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Body) : null };
}
const get = (model: string, key?: string) => send(getModelRoute(deps()), model, { key });
const patch = (model: string, body: unknown, key = keys.admin) => send(patchModelRoute(deps()), model, { method: "PATCH", key, body });
const register = (model: string, body: unknown, key = keys.register) => send(registerVersionRoute(deps()), model, { method: "POST", key, body });
const audits = async (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action));

describe("GET /api/v1/models/{model}", () => {
  it("gives the model with its defaults to a read key and to anyone signed in", async () => {
    const res = await get("spam-filter", keys.read);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      slug: "spam-filter",
      task: "binary",
      classes: ["ham", "spam"],
      referenceWindow: null,
      labelMaturityDays: 7,
      sampling: { isDefault: true, stratifyBy: "none" },
      pipeline: { trainer: "none", deployTarget: "built-in", deployPolicy: "approval", schedule: null },
    });
    session = { type: "user", id: "u", email: "viewer@x", name: "V", role: "viewer" };
    expect((await get("spam-filter")).status).toBe(200);
    session = null;
  });

  it("never shows where runs and deploys go, nor their secrets", async () => {
    const res = await get("spam-filter", keys.read);
    expect(Object.keys(res.json!.pipeline).sort()).toEqual(
      ["approvalsRequired", "autoMargin", "autoMinN", "dataWindowDays", "deployPolicy", "deployTarget", "rollbackMonitorId", "rollbackWindowMinutes", "schedule", "trainer"].sort(),
    );
  });

  it("refuses nobody (401), keys without read or for another model (403), and an unknown model (404)", async () => {
    expect((await get("spam-filter")).status).toBe(401);
    for (const key of [keys.admin, keys.ingest, keys.label, keys.register]) expect((await get("spam-filter", key)).status).toBe(403);
    const otherOnly = await createKey(t.db, ["read"], ["other"]);
    expect((await get("spam-filter", otherOnly)).status).toBe(403);
    expect((await get("other", otherOnly)).status).toBe(200);
    expect((await get("no-such-model", keys.read)).status).toBe(404);
    expect((await get("spam-filter", "vgl_not-a-real-key")).status).toBe(401);
  });
});

describe("PATCH /api/v1/models/{model}", () => {
  it("changes every section at once, as GET then shows it, with the pages' audit rows by the key's name", async () => {
    const res = await patch("spam-filter", {
      name: "Spam filter (prod)",
      description: "Flags incoming e-mail.",
      referenceWindow: { from: "2026-11-01", to: "2026-11-07" },
      labelMaturityDays: 14,
      driftMinN: 200,
      sampling: { rate: 0.05, stratifyBy: "predicted_class", stratumRates: { spam: 0.2 }, dailyCap: 500 },
      pipeline: { schedule: "0 3 * * 1", approvalsRequired: 2, dataWindowDays: 21 },
    });
    expect(res.status).toBe(200);
    const expected = {
      name: "Spam filter (prod)",
      description: "Flags incoming e-mail.",
      referenceWindow: { from: "2026-11-01", to: "2026-11-07" },
      labelMaturityDays: 14,
      driftMinN: 200,
      sampling: { isDefault: false, rate: 0.05, stratifyBy: "predicted_class", stratumRates: { spam: 0.2 }, dailyCap: 500 },
      pipeline: { schedule: "0 3 * * 1", approvalsRequired: 2, dataWindowDays: 21, deployPolicy: "approval" },
    };
    expect(res.json).toMatchObject(expected);
    expect((await get("spam-filter", keys.read)).json).toMatchObject(expected);
    // The window's last day is included: stored as the end of 7 November.
    const [row] = await t.db.select().from(models).where(eq(models.slug, "spam-filter"));
    expect(row!.referenceTo!.toISOString()).toBe("2026-11-08T00:00:00.000Z");
    for (const action of ["model.settings_changed", "labelling.policy_changed", "pipeline.policy_updated"]) {
      const [audit] = await audits(action);
      expect(audit, action).toMatchObject({ actorType: "api_key", modelId: row!.id });
      expect(audit!.actorLabel).toMatch(/^API key key-/);
    }
  });

  it("leaves what the body leaves out as it is, field by field within a section", async () => {
    const res = await patch("spam-filter", { sampling: { rate: 0.1 }, pipeline: { approvalsRequired: 1 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: "Spam filter (prod)",
      referenceWindow: { from: "2026-11-01", to: "2026-11-07" },
      labelMaturityDays: 14,
      driftMinN: 200,
      sampling: { rate: 0.1, stratifyBy: "predicted_class", stratumRates: { spam: 0.2 }, dailyCap: 500 },
      pipeline: { schedule: "0 3 * * 1", approvalsRequired: 1, dataWindowDays: 21 },
    });
    // null puts the default back.
    const reset = await patch("spam-filter", { referenceWindow: null, sampling: { dailyCap: null }, pipeline: { schedule: null } });
    expect(reset.json).toMatchObject({ referenceWindow: null, labelMaturityDays: 14, sampling: { dailyCap: null }, pipeline: { schedule: null } });
  });

  it("answers 400 naming the field as the body does, and changes nothing when one section is refused", async () => {
    const before = (await get("spam-filter", keys.read)).json;
    const cases: [unknown, string][] = [
      [{ driftMinN: 0 }, "driftMinN"],
      [{ labelMaturityDays: -1 }, "labelMaturityDays"],
      [{ referenceWindow: { from: "2026-11-07", to: "2026-11-01" } }, "referenceWindow.to"],
      [{ referenceWindow: { from: "yesterday", to: "2026-11-01" } }, "referenceWindow.from"],
      [{ name: "" }, "name"],
      [{ name: "Renamed", sampling: { rate: 2 } }, "sampling.rate"],
      [{ name: "Renamed", pipeline: { approvalsRequired: 0 } }, "pipeline.approvalsRequired"],
      [{ pipeline: { schedule: "every tuesday" } }, "pipeline.schedule"],
      [{ pipeline: { deployPolicy: "yolo" } }, "pipeline.deployPolicy"],
      [{ pipeline: { rollbackMonitorId: "not-a-monitor" } }, "pipeline.rollbackMonitorId"],
      [{ pipeline: { rollbackMonitorId: "00000000-0000-4000-8000-000000000000" } }, "pipeline.rollbackMonitorId"],
      [{ sampling: { stratumRates: { spam: "lots" } } }, "sampling.stratumRates.spam"],
    ];
    for (const [body, field] of cases) {
      const res = await patch("spam-filter", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json!.error).toBe("invalid_input");
      expect(Object.keys(res.json!.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect((await get("spam-filter", keys.read)).json).toEqual(before);
  });

  it("refuses fields it does not know, settings it does not hold, and bodies that are not JSON objects", async () => {
    for (const body of [{ slug: "renamed" }, { task: "regression" }, { pipeline: { prefectApiUrl: "http://127.0.0.1/" } }, { pipeline: { deployTarget: "webhook" } }, [], "x", null]) {
      expect((await patch("spam-filter", body)).status, JSON.stringify(body)).toBe(400);
    }
    const res = await send(patchModelRoute(deps()), "spam-filter", { method: "PATCH", key: keys.admin, rawBody: "{not json" });
    expect(res.status).toBe(400);
    expect((await get("spam-filter", keys.read)).json).toMatchObject({ slug: "spam-filter", task: "binary", pipeline: { deployTarget: "built-in" } });
  });

  it("is for admin keys of that model only: never read, register or a session", async () => {
    const before = (await get("spam-filter", keys.read)).json;
    for (const key of [keys.read, keys.ingest, keys.label, keys.register]) expect((await patch("spam-filter", { name: "Taken over" }, key)).status).toBe(403);
    const otherAdmin = await createKey(t.db, ["admin"], ["other"]);
    expect((await patch("spam-filter", { name: "Taken over" }, otherAdmin)).status).toBe(403);
    expect((await patch("other", { name: "Other (renamed)" }, otherAdmin)).status).toBe(200);
    session = { type: "user", id: "u", email: "admin@x", name: "A", role: "admin" };
    expect((await send(patchModelRoute(deps()), "spam-filter", { method: "PATCH", body: { name: "Taken over" } })).status).toBe(401);
    session = null;
    expect((await patch("no-such-model", { name: "x" })).status).toBe(404);
    expect((await get("spam-filter", keys.read)).json).toEqual(before);
  });
});

describe("POST /api/v1/models/{model}/versions", () => {
  const v5 = { name: "v5", artifactUri: "s3://models/spam/v5", metrics: { accuracy: 0.95 }, evaluatedOn: "held-out mail of November", trainingFrom: "2026-11-01T00:00:00Z", trainingTo: "2026-11-20T00:00:00Z" };

  it("stores a candidate and opens a deploy request that waits for approvers; an approver then deploys it", async () => {
    const res = await register("spam-filter", v5);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      version: { name: "v5", status: "candidate", artifactUri: "s3://models/spam/v5", metrics: { accuracy: 0.95 }, evaluatedOn: "held-out mail of November", trainingFrom: "2026-11-01T00:00:00.000Z" },
      deployRequest: { status: "pending", approvalsRequired: 1 },
    });
    const [model] = await t.db.select().from(models).where(eq(models.slug, "spam-filter"));
    const [version] = await t.db.select().from(modelVersions).where(and(eq(modelVersions.modelId, model!.id), eq(modelVersions.name, "v5")));
    expect(version).toMatchObject({ status: "candidate", source: "pipeline", evaluatedOn: "held-out mail of November" });
    const [registered] = await audits("version.registered");
    expect(registered).toMatchObject({ actorType: "api_key", modelId: model!.id, targetId: version!.id });

    const approver = await actingAs(t.db, "approver");
    expect(await approveDeployRequest(approver, { requestId: res.json!.deployRequest.id })).toMatchObject({ status: "deployed" });
    const [deployed] = await t.db.select().from(modelVersions).where(eq(modelVersions.id, version!.id));
    expect(deployed!.status).toBe("production");
  });

  it("asks for the approvals the policy says, and never deploys on its own even under an automatic policy", async () => {
    expect((await patch("spam-filter", { pipeline: { deployPolicy: "auto", approvalsRequired: 2, autoMinN: 1, autoMargin: 0 } })).status).toBe(200);
    const res = await register("spam-filter", { ...v5, name: "v6", metrics: { accuracy: 0.99 } });
    expect(res.status).toBe(201);
    expect(res.json!.deployRequest).toMatchObject({ status: "pending", approvalsRequired: 2, reason: "No held-out comparison is available." });
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.id, res.json!.deployRequest.id));
    expect(request!.status).toBe("pending");
  });

  it("answers 409 for a name the model already has, and stores nothing twice", async () => {
    const res = await register("spam-filter", v5);
    expect(res).toMatchObject({ status: 409, json: { error: "conflict", fields: { name: ["Already in use"] } } });
    const [model] = await t.db.select().from(models).where(eq(models.slug, "spam-filter"));
    expect(await t.db.$count(modelVersions, and(eq(modelVersions.modelId, model!.id), eq(modelVersions.name, "v5")))).toBe(1);
    // The same name on another model is its own version.
    expect((await register("other", v5, keys.admin)).status).toBe(201);
  });

  it("answers 400 for a bad body, naming the field, and stores nothing", async () => {
    const count = await t.db.$count(modelVersions);
    const cases: [unknown, string][] = [
      [{ artifactUri: "s3://x" }, "name"],
      [{ name: "v9" }, "artifactUri"],
      [{ name: " ", artifactUri: "s3://x" }, "name"],
      [{ name: "v9", artifactUri: "s3://x", metrics: { accuracy: "high" } }, "metrics.accuracy"],
      [{ name: "v9", artifactUri: "s3://x", trainingFrom: "2026-11-20T00:00:00Z", trainingTo: "2026-11-01T00:00:00Z" }, "trainingTo"],
      [{ name: "v9", artifactUri: "s3://x", trainingFrom: "last week" }, "trainingFrom"],
      [{ name: "v9", artifactUri: "s3://x", status: "production" }, ""],
      [{ name: "x".repeat(101), artifactUri: "s3://x" }, "name"],
    ];
    for (const [body, field] of cases) {
      const res = await register("spam-filter", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys(res.json!.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    const raw = await send(registerVersionRoute(deps()), "spam-filter", { method: "POST", key: keys.register, rawBody: '{"name": "v9", "metrics": {"accuracy": NaN}}' });
    expect(raw.status).toBe(400);
    expect(await t.db.$count(modelVersions)).toBe(count);
  });

  it("is for register and admin keys of that model only", async () => {
    const count = await t.db.$count(modelVersions);
    const body = { name: "v10", artifactUri: "s3://models/spam/v10" };
    for (const key of [keys.read, keys.ingest, keys.label]) expect((await register("spam-filter", body, key)).status).toBe(403);
    const otherRegister = await createKey(t.db, ["register"], ["other"]);
    expect((await register("spam-filter", body, otherRegister)).status).toBe(403);
    expect((await send(registerVersionRoute(deps()), "spam-filter", { method: "POST", body })).status).toBe(401);
    expect((await register("no-such-model", body)).status).toBe(404);
    expect(await t.db.$count(modelVersions)).toBe(count);
  });
});
