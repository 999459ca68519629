import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { labels } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSamplingPolicy, claimNextItem } from "@/lib/services/labelling";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { call, createBinaryModel, createKey, createRegressionModel } from "@/test/api";
import { claimRoute, labelsRoute, renewRoute } from "./labelling";

let t: TestDatabase;
let claim: ReturnType<typeof claimRoute>;
let send: ReturnType<typeof labelsRoute>;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase();
  claim = claimRoute({ db: () => t.db });
  send = labelsRoute({ db: () => t.db });
  key = await createKey(t.db, ["label"]);
  for (const slug of ["spam-filter", "other"]) {
    await createBinaryModel(t.db, slug);
    await setSamplingPolicy(systemContext(t.db), { slug, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: true, leaseMinutes: 10 });
    const predictions = Array.from({ length: 12 }, (_, i) => ({ id: `${slug}-${i}`, score: 0.8, label: "spam", features: { subject: `Hello ${i}`, links: i } }));
    await ingestPredictions(systemContext(t.db), { model: slug, predictions });
  }
  await createRegressionModel(t.db, "eta");
  await setSamplingPolicy(systemContext(t.db), { slug: "eta", rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
  await ingestPredictions(systemContext(t.db), { model: "eta", predictions: [{ id: "eta-1", value: 30 }] });
});
afterAll(async () => t.drop());

type Claimed = { itemId: string; predictionId: string; features: Record<string, unknown>; claimExpiresAt: string };

describe("POST /api/v1/labelling/claim", () => {
  it("claims up to `limit` items for the key, with API.md's fields and no prediction", async () => {
    const res = await call(claim, { key, body: { model: "spam-filter", limit: 5 } });
    expect(res.status).toBe(200);
    const items = res.json!.items as Claimed[];
    expect(items).toHaveLength(5);
    expect(Object.keys(items[0]!).sort()).toEqual(["claimExpiresAt", "features", "itemId", "predictionId"]);
    expect(items[0]!.predictionId).toMatch(/^spam-filter-\d+$/);
    expect(items[0]!.features).toMatchObject({ subject: expect.stringMatching(/^Hello/) });
    expect(Math.abs(new Date(items[0]!.claimExpiresAt).getTime() - Date.now() - 10 * 60_000)).toBeLessThan(60_000);
    // A second call gets other items; the default limit is 1.
    const more = await call(claim, { key, body: { model: "spam-filter" } });
    expect((more.json!.items as Claimed[]).map((i) => i.itemId)).not.toContain(items[0]!.itemId);
    expect(more.json!.items).toHaveLength(1);
  });

  it("answers an empty list when the queue is empty", async () => {
    const drain = await call(claim, { key, body: { model: "spam-filter", limit: 100 } });
    expect((drain.json!.items as Claimed[]).length).toBe(6);
    expect(await call(claim, { key, body: { model: "spam-filter", limit: 10 } })).toMatchObject({ status: 200, json: { items: [] } });
  });

  it("answers 400 for a bad limit or no model, 401 without a key, 403 without the permission or scope, 404 for an unknown model", async () => {
    expect(await call(claim, { key, body: { model: "other", limit: 0 } })).toMatchObject({ status: 400, json: { error: "invalid_input", message: "limit: must be a whole number from 1 to 100" } });
    expect((await call(claim, { key, body: { model: "other", limit: 101 } })).status).toBe(400);
    expect((await call(claim, { key, body: { limit: 1 } })).status).toBe(400);
    expect(await call(claim, { key, rawBody: "{" })).toMatchObject({ status: 400, json: { error: "invalid_json" } });
    expect((await call(claim, { key, rawBody: "model=other", contentType: "text/plain" })).status).toBe(415);
    expect((await call(claim, { body: { model: "other" } })).status).toBe(401);
    expect((await call(claim, { key: "vgl_unknown", body: { model: "other" } })).status).toBe(401);
    const ingestOnly = await createKey(t.db, ["ingest", "read"]);
    expect(await call(claim, { key: ingestOnly, body: { model: "other" } })).toMatchObject({ status: 403, json: { error: "forbidden", message: "This API key does not have the label permission." } });
    const scoped = await createKey(t.db, ["label"], ["spam-filter"]);
    expect(await call(claim, { key: scoped, body: { model: "other" } })).toMatchObject({ status: 403, json: { message: "This API key may not be used for the model other." } });
    expect(await call(claim, { key, body: { model: "nope" } })).toMatchObject({ status: 404, json: { error: "not_found" } });
  });
});

describe("POST /api/v1/labelling/labels", () => {
  it("accepts labels for claimed items, counts a repeat once, and refuses with a reason per item", async () => {
    const [a, b, c] = (await call(claim, { key, body: { model: "other", limit: 3 } })).json!.items as Claimed[];
    // Someone in the app holds another item of the model.
    const person = await actingAs(t.db, "annotator");
    const held = await claimNextItem(person, { model: "other" });

    const res = await call(send, {
      key,
      body: { labels: [{ itemId: a!.itemId, label: "spam" }, { itemId: b!.itemId, label: "ham" }, { itemId: c!.itemId, label: "eggs" }, { itemId: held!.itemId, label: "ham" }, { itemId: "999999999", label: "ham" }, { itemId: "not-an-item", label: "ham" }] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      accepted: 2,
      duplicates: 0,
      refused: [
        { itemId: c!.itemId, reason: "must be one of the model's classes: ham, spam" },
        { itemId: held!.itemId, reason: "claimed by someone else" },
        { itemId: "999999999", reason: "unknown item" },
        { itemId: "not-an-item", reason: "unknown item" },
      ],
    });
    const replay = await call(send, { key, body: { labels: [{ itemId: a!.itemId, label: "spam" }, { itemId: b!.itemId, label: "spam" }] } });
    expect(replay.json).toEqual({ accepted: 0, duplicates: 1, refused: [{ itemId: b!.itemId, reason: "already labelled as ham" }] });
    expect(await t.db.$count(labels, and(eq(labels.itemId, Number(a!.itemId)), isNull(labels.undoneAt)))).toBe(1);
    const [stored] = await t.db.select().from(labels).where(eq(labels.itemId, Number(a!.itemId)));
    expect(stored!.annotator).toMatch(/^API key key-/);
  });

  it("takes value for regression models", async () => {
    const [item] = (await call(claim, { key, body: { model: "eta" } })).json!.items as Claimed[];
    expect((await call(send, { key, body: { labels: [{ itemId: item!.itemId, label: "spam" }] } })).json).toMatchObject({ refused: [{ reason: "must be a number (value) for a regression model" }] });
    expect((await call(send, { key, body: { labels: [{ itemId: item!.itemId, value: 42 }] } })).json).toEqual({ accepted: 1, duplicates: 0, refused: [] });
  });

  it("answers 400 for a malformed body, 401 without a key, 403 without the permission; refuses items of models outside a key's scope", async () => {
    expect(await call(send, { key, body: { labels: [{ itemId: "1" }] } })).toMatchObject({ status: 400, json: { error: "invalid_input", message: "labels.0.label: send either label (classifiers) or value (regression models)" } });
    expect((await call(send, { key, body: { labels: [] } })).status).toBe(400);
    expect((await call(send, { key, body: {} })).status).toBe(400);
    expect((await call(send, { body: { labels: [{ itemId: "1", label: "ham" }] } })).status).toBe(401);
    const readOnly = await createKey(t.db, ["read"]);
    expect((await call(send, { key: readOnly, body: { labels: [{ itemId: "1", label: "ham" }] } })).status).toBe(403);

    const [item] = (await call(claim, { key, body: { model: "other" } })).json!.items as Claimed[];
    const scoped = await createKey(t.db, ["label"], ["spam-filter"]);
    expect((await call(send, { key: scoped, body: { labels: [{ itemId: item!.itemId, label: "ham" }] } })).json).toEqual({
      accepted: 0,
      duplicates: 0,
      refused: [{ itemId: item!.itemId, reason: "this API key may not be used for this item's model" }],
    });
  });
});

describe("POST /api/v1/labelling/renew", () => {
  it("extends the key's claim, and answers 409 for an item someone else holds and 404 for none", async () => {
    const renew = renewRoute({ db: () => t.db });
    const renewer = await createKey(t.db, ["label"]);
    const [item] = (await call(claim, { key: renewer, body: { model: "other", limit: 1 } })).json!.items as Claimed[];
    const res = await call(renew, { key: renewer, body: { itemId: item!.itemId } });
    expect(res.status).toBe(200);
    expect(new Date(res.json!.claimExpiresAt as string).getTime()).toBeGreaterThanOrEqual(new Date(item!.claimExpiresAt).getTime());
    // Another key does not hold it.
    expect((await call(renew, { key, body: { itemId: item!.itemId } })).status).toBe(409);
    expect((await call(renew, { key: renewer, body: { itemId: "999999999" } })).status).toBe(404);
    expect((await call(renew, { key: renewer, body: { itemId: "x" } })).status).toBe(400);
    expect((await call(renew, { key: await createKey(t.db, ["read"]), body: { itemId: item!.itemId } })).status).toBe(403);
  });
});
