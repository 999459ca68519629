import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, models } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { createModelRoute, listModelsRoute } from "./models";

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
