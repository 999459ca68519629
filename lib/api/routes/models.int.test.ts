import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, models } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { refreshRollups } from "@/lib/services/metrics";
import { createModelRoute, listModelsRoute } from "./models";
import { patchModelRoute } from "./model-settings";

let t: TestDatabase;
let create: ReturnType<typeof createModelRoute>;
let list: ReturnType<typeof listModelsRoute>;
let adminKey: string;

beforeAll(async () => {
  t = await createTestDatabase();
  create = createModelRoute({ db: () => t.db });
  list = listModelsRoute({ db: () => t.db });
  adminKey = await createKey(t.db, ["admin", "read"]);
});
afterAll(async () => t.drop());

const spam = { slug: "spam-filter", name: "Spam filter", task: "binary", classes: ["ham", "spam"], positiveClass: "spam" };

describe("POST /api/v1/models", () => {
  it("creates a model (201), records who did it, and refuses the same slug again (409)", async () => {
    const res = await call(create, { key: adminKey, body: spam });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ slug: "spam-filter", name: "Spam filter", task: "binary", classes: ["ham", "spam"], positiveClass: "spam" });
    const [model] = await t.db.select().from(models).where(eq(models.slug, "spam-filter"));
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, model!.id));
    expect(audit).toMatchObject({ action: "model.created", actorType: "api_key", modelId: model!.id });
    expect(audit!.actorLabel).toMatch(/^API key key-/);

    expect(await call(create, { key: adminKey, body: spam })).toMatchObject({ status: 409, json: { error: "conflict", message: "A model with the slug spam-filter already exists." } });
  });

  it("explains invalid definitions", async () => {
    const res = await call(create, { key: adminKey, body: { slug: "Bad Slug", name: "", task: "binary", classes: ["a", "b", "c"] } });
    expect(res.status).toBe(400);
    expect(res.json!.fields).toEqual({
      slug: ["Use lower-case letters, digits and single hyphens, like spam-filter"],
      name: ["Enter a display name"],
      classes: ["A binary model has exactly two classes"],
      positiveClass: ["Choose which class is the positive one"],
    });
  });

  it("needs a key with the admin permission", async () => {
    const ingestKey = await createKey(t.db, ["ingest", "read"]);
    expect((await call(create, { key: ingestKey, body: { ...spam, slug: "x-model" } })).status).toBe(403);
    expect((await call(create, { body: { ...spam, slug: "x-model" } })).status).toBe(401);
    expect(await t.db.$count(models, eq(models.slug, "x-model"))).toBe(0);
  });
});

describe("GET /api/v1/models", () => {
  it("lists the models a key may see", async () => {
    await createBinaryModel(t.db, "another");
    const all = await call(list, { key: adminKey, method: "GET" });
    expect((all.json!.models as { slug: string }[]).map((m) => m.slug)).toEqual(["another", "spam-filter"]);
    const scoped = await createKey(t.db, ["read"], ["another"]);
    const some = await call(list, { key: scoped, method: "GET" });
    expect((some.json!.models as { slug: string }[]).map((m) => m.slug)).toEqual(["another"]);
    const noRead = await createKey(t.db, ["ingest"]);
    expect((await call(list, { key: noRead, method: "GET" })).status).toBe(403);
  });
});

describe("PATCH /api/v1/models/{model}", () => {
  const patch = (slug: string) => {
    const route = patchModelRoute({ db: () => t.db });
    return (request: Request) => route(request, { params: Promise.resolve({ model: slug }) });
  };

  it("declares segment features (admin keys only) with the other settings, all or nothing, and refuses unknown fields by name", async () => {
    await createBinaryModel(t.db, "segments-api");
    await ingestPredictions(systemContext(t.db), {
      model: "segments-api",
      predictions: [1, 2, 3].map((i) => ({ id: `p${i}`, timestamp: new Date(Date.now() - i * 60_000).toISOString(), score: 0.9, label: "spam", features: { domain: `d${i}.example` } })),
    });
    await refreshRollups(t.db);
    const ok = await call(patch("segments-api"), { method: "PATCH", key: adminKey, body: { segmentFeatures: ["domain"] } });
    expect(ok).toMatchObject({ status: 200, json: { slug: "segments-api", segmentFeatures: [{ name: "domain", type: "categorical" }] } });

    const reader = await createKey(t.db, ["read"]);
    expect((await call(patch("segments-api"), { method: "PATCH", key: reader, body: { segmentFeatures: [] } })).status).toBe(403);
    expect(await call(patch("segments-api"), { method: "PATCH", key: adminKey, body: { segmentFeatures: ["domain"], colour: "red" } })).toMatchObject({ status: 400, json: { error: "invalid_input", message: expect.stringContaining("colour") } });
    // An unknown feature refuses the whole body: the name given beside it is not stored either.
    expect(await call(patch("segments-api"), { method: "PATCH", key: adminKey, body: { segmentFeatures: ["nope"], name: "New name" } })).toMatchObject({ status: 400, json: { fields: { segmentFeatures: [expect.stringContaining("nope")] } } });
    expect((await t.db.select({ name: models.name }).from(models).where(eq(models.slug, "segments-api")))[0]!.name).not.toBe("New name");
    const both = await call(patch("segments-api"), { method: "PATCH", key: adminKey, body: { segmentFeatures: [], name: "New name" } });
    expect(both).toMatchObject({ status: 200, json: { name: "New name", segmentFeatures: [] } });
    expect((await call(patch("segments-api"), { method: "PATCH", key: adminKey, body: [] })).status).toBe(400);
    expect((await call(patch("no-such-model"), { method: "PATCH", key: adminKey, body: { segmentFeatures: [] } })).status).toBe(404);
  });
});
