import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { predictions, modelVersions } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { revokeApiKey, listApiKeys } from "@/lib/services/api-keys";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey, createRegressionModel } from "@/test/api";
import { groundTruthRoute, predictionsRoute } from "./predictions";

let t: TestDatabase;
let ingest: ReturnType<typeof predictionsRoute>;
let truth: ReturnType<typeof groundTruthRoute>;
let spamId: string;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ingest = predictionsRoute({ db: () => t.db });
  truth = groundTruthRoute({ db: () => t.db });
  spamId = (await createBinaryModel(t.db, "spam-filter")).id;
  await createBinaryModel(t.db, "other-model");
  await createRegressionModel(t.db, "delivery-time");
  key = await createKey(t.db, ["ingest"]);
});
afterAll(async () => t.drop());

const row = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  version: "v3",
  timestamp: "2026-11-20T10:00:00Z",
  features: { length: 812, links: 3, sender_domain: "example.org" },
  score: 0.91,
  label: "spam",
  ...extra,
});
const stored = (modelId = spamId) => t.db.$count(predictions, eq(predictions.modelId, modelId));

describe("POST /api/v1/predictions", () => {
  it("stores a batch and answers with what it accepted", async () => {
    const res = await call(ingest, { key, body: { model: "spam-filter", predictions: [row("a-1"), row("a-2", { score: 0.2, label: "ham" })] } });
    expect(res).toMatchObject({ status: 200, json: { accepted: 2, duplicates: 0 } });
    const [first] = await t.db.select().from(predictions).where(and(eq(predictions.modelId, spamId), eq(predictions.externalId, "a-1")));
    expect(first).toMatchObject({ score: 0.91, label: "spam", features: { length: 812, links: 3, sender_domain: "example.org" } });
    expect(first!.predictedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    // A new version string becomes a version row, once.
    const versions = await t.db.select().from(modelVersions).where(eq(modelVersions.modelId, spamId));
    expect(versions.map((v) => v.name)).toEqual(["v3"]);
    expect(first!.versionId).toBe(versions[0]!.id);
  });

  it("is idempotent: a replayed batch stores nothing new", async () => {
    const batch = { model: "spam-filter", predictions: [row("r-1"), row("r-2"), row("r-3")] };
    expect((await call(ingest, { key, body: batch })).json).toEqual({ accepted: 3, duplicates: 0 });
    const before = await stored();
    expect((await call(ingest, { key, body: batch })).json).toEqual({ accepted: 0, duplicates: 3 });
    expect(await stored()).toBe(before);
    // A batch repeating an id within itself stores it once.
    expect((await call(ingest, { key, body: { model: "spam-filter", predictions: [row("r-4"), row("r-4")] } })).json).toEqual({ accepted: 1, duplicates: 1 });
  });

  it("stores ground truth sent with a prediction, with its own time", async () => {
    await call(ingest, { key, body: { model: "spam-filter", predictions: [row("with-truth", { actual: { label: "ham", timestamp: "2026-11-21T08:00:00Z" } })] } });
    const [stored] = await t.db.select().from(predictions).where(and(eq(predictions.modelId, spamId), eq(predictions.externalId, "with-truth")));
    expect(stored).toMatchObject({ actualLabel: "ham" });
    expect(stored!.actualAt!.toISOString()).toBe("2026-11-21T08:00:00.000Z");
  });

  it("defaults the time to now and accepts backfill from the past", async () => {
    const { score, label, id } = row("t-now");
    await call(ingest, { key, body: { model: "spam-filter", predictions: [{ id, score, label }, row("t-old", { timestamp: "2020-01-01T00:00:00+02:00" })] } });
    const rows = await t.db.select().from(predictions).where(eq(predictions.modelId, spamId));
    const now = rows.find((r) => r.externalId === "t-now")!;
    expect(Math.abs(now.predictedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(rows.find((r) => r.externalId === "t-old")!.predictedAt.toISOString()).toBe("2019-12-31T22:00:00.000Z");
  });

  it("refuses the whole batch for one bad row, with a reason per row, and writes nothing", async () => {
    const before = await stored();
    const res = await call(ingest, {
      key,
      body: { model: "spam-filter", predictions: [row("b-1"), row("b-2", { score: 1.5 }), row("b-3", { label: "eggs" }), row("b-4", { timestamp: "yesterday" })] },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_batch" });
    expect(res.json!.rows).toEqual([
      { index: 1, path: "score", message: "must be between 0 and 1" },
      { index: 2, path: "label", message: "must be one of the model's classes: ham, spam" },
      { index: 3, path: "timestamp", message: "must be an ISO 8601 time with a zone" },
    ]);
    expect(await stored()).toBe(before);
    expect(await t.db.$count(predictions, eq(predictions.externalId, "b-1"))).toBe(0);
  });

  it("checks the fields each task needs", async () => {
    const res = await call(ingest, { key, body: { model: "delivery-time", predictions: [{ id: "d-1", score: 0.3, label: "x" }, { id: "d-2", value: 42, actual: { value: 40 } }] } });
    expect(res.status).toBe(400);
    expect(res.json!.rows).toEqual([{ index: 0, path: "value", message: "is required for a regression model" }]);
    const ok = await call(ingest, { key, body: { model: "delivery-time", predictions: [{ id: "d-2", value: 42, actual: { value: 40 } }] } });
    expect(ok.json).toEqual({ accepted: 1, duplicates: 0 });
  });

  it("answers 401 for a missing, unknown or revoked key", async () => {
    const body = { model: "spam-filter", predictions: [row("k-1")] };
    expect((await call(ingest, { body })).status).toBe(401);
    const unknown = await call(ingest, { key: "vgl_not-a-real-key", body });
    expect(unknown).toMatchObject({ status: 401, json: { error: "unauthorized", message: "This API key is unknown or has been revoked." } });

    const doomed = await createKey(t.db, ["ingest"]);
    expect((await call(ingest, { key: doomed, body })).status).toBe(200);
    const [listed] = (await listApiKeys(systemContext(t.db))).filter((k) => doomed.startsWith(k.prefix));
    expect(listed!.lastUsedAt).not.toBeNull();
    await revokeApiKey(systemContext(t.db), { keyId: listed!.id });
    expect((await call(ingest, { key: doomed, body: { model: "spam-filter", predictions: [row("k-2")] } })).status).toBe(401);
    expect(await t.db.$count(predictions, eq(predictions.externalId, "k-2"))).toBe(0);
  });

  it("answers 403 for a key scoped to another model or without the ingest permission", async () => {
    const scoped = await createKey(t.db, ["ingest"], ["other-model"]);
    const res = await call(ingest, { key: scoped, body: { model: "spam-filter", predictions: [row("s-1")] } });
    expect(res).toMatchObject({ status: 403, json: { error: "forbidden", message: "This API key may not be used for the model spam-filter." } });
    expect((await call(ingest, { key: scoped, body: { model: "other-model", predictions: [row("s-1")] } })).status).toBe(200);
    const readOnly = await createKey(t.db, ["read"]);
    expect((await call(ingest, { key: readOnly, body: { model: "spam-filter", predictions: [row("s-2")] } })).status).toBe(403);
  });

  it("answers 404 for an unknown model, 415 for a body that is not JSON, 400 for broken JSON", async () => {
    expect(await call(ingest, { key, body: { model: "nope", predictions: [row("n-1")] } })).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect((await call(ingest, { key, rawBody: "id=1", contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    expect(await call(ingest, { key, rawBody: "{not json" })).toMatchObject({ status: 400, json: { error: "invalid_json" } });
    expect(await call(ingest, { key, body: { model: "spam-filter", predictions: [] } })).toMatchObject({ status: 400, json: { message: "predictions: must hold at least one prediction" } });
  });

  it("answers 413 for a body over the limit and stores nothing", async () => {
    const before = await stored();
    const huge = { model: "spam-filter", predictions: [row("big-1", { features: { text: "x".repeat(9_000) } })] };
    const big = JSON.stringify({ ...huge, padding: "y".repeat(17 * 1024 * 1024) });
    expect(await call(ingest, { key, rawBody: big })).toMatchObject({ status: 413, json: { error: "payload_too_large" } });
    expect(await stored()).toBe(before);
  });

  it("refuses more than 10,000 rows in a batch", async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ id: `m-${i}`, score: 0.5, label: "spam" }));
    expect(await call(ingest, { key, body: { model: "spam-filter", predictions: rows } })).toMatchObject({ status: 400, json: { message: "predictions: must hold at most 10,000 predictions" } });
  });
});

describe("POST /api/v1/ground-truth", () => {
  it("joins actuals by the caller's id and lists unknown ids", async () => {
    await call(ingest, { key, body: { model: "spam-filter", predictions: [row("g-1"), row("g-2")] } });
    const res = await call(truth, { key, body: { model: "spam-filter", actuals: [{ id: "g-1", label: "ham", timestamp: "2026-11-27T09:00:00Z" }, { id: "missing-1", label: "spam" }] } });
    expect(res).toMatchObject({ status: 200, json: { matched: 1, unknown: ["missing-1"] } });
    const [g1] = await t.db.select().from(predictions).where(and(eq(predictions.modelId, spamId), eq(predictions.externalId, "g-1")));
    expect(g1!.actualLabel).toBe("ham");
    expect(g1!.actualAt!.toISOString()).toBe("2026-11-27T09:00:00.000Z");
  });

  it("lets a later actual replace an earlier one", async () => {
    await call(truth, { key, body: { model: "spam-filter", actuals: [{ id: "g-2", label: "ham" }] } });
    await call(truth, { key, body: { model: "spam-filter", actuals: [{ id: "g-2", label: "spam" }] } });
    const [g2] = await t.db.select({ actual: predictions.actualLabel }).from(predictions).where(and(eq(predictions.modelId, spamId), eq(predictions.externalId, "g-2")));
    expect(g2!.actual).toBe("spam");
  });

  it("takes value for regression and validates labels against the classes", async () => {
    await call(ingest, { key, body: { model: "delivery-time", predictions: [{ id: "d-9", value: 30 }] } });
    expect((await call(truth, { key, body: { model: "delivery-time", actuals: [{ id: "d-9", value: 41.5 }] } })).json).toEqual({ matched: 1, unknown: [] });
    const [d9] = await t.db.execute<{ actual_value: number }>(sql`select actual_value from predictions where external_id = 'd-9'`);
    expect(d9!.actual_value).toBe(41.5);
    const bad = await call(truth, { key, body: { model: "spam-filter", actuals: [{ id: "g-1", label: "eggs" }] } });
    expect(bad).toMatchObject({ status: 400, json: { error: "invalid_batch", rows: [{ index: 0, path: "label", message: "must be one of the model's classes: ham, spam" }] } });
  });

  it("answers 415, 400 and 413 for bodies that are not JSON, broken or too large", async () => {
    expect((await call(truth, { key, rawBody: "id=1", contentType: "text/plain" })).status).toBe(415);
    expect(await call(truth, { key, rawBody: "[" })).toMatchObject({ status: 400, json: { error: "invalid_json" } });
    const big = JSON.stringify({ model: "spam-filter", actuals: [{ id: "g-1", label: "ham" }], padding: "y".repeat(17 * 1024 * 1024) });
    expect(await call(truth, { key, rawBody: big })).toMatchObject({ status: 413, json: { error: "payload_too_large" } });
  });

  it("applies the same key rules", async () => {
    expect((await call(truth, { body: { model: "spam-filter", actuals: [{ id: "g-1", label: "ham" }] } })).status).toBe(401);
    const scoped = await createKey(t.db, ["ingest"], ["other-model"]);
    expect((await call(truth, { key: scoped, body: { model: "spam-filter", actuals: [{ id: "g-1", label: "ham" }] } })).status).toBe(403);
    expect((await call(truth, { key, body: { model: "nope", actuals: [{ id: "g-1", label: "ham" }] } })).status).toBe(404);
  });
});
