import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { labels, predictions } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { setSamplingPolicy } from "@/lib/services/labelling";
import { refreshRollups } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createKey } from "@/test/api";
import { groundTruthRoute, predictionsRoute } from "./predictions";
import { claimRoute, labelsRoute } from "./labelling";
import { modelMetricsRoute } from "./metrics";

// Hostile input at the HTTP handlers (issue #8): SQL in every text the API stores, absurd
// numbers, huge strings, deep JSON, and names that are also Object.prototype's. Each is either
// stored and read back exactly as sent, or refused with a 400 that says why; the server never
// answers 500 and the model's figures stay readable.

const SQL = ["'; DROP TABLE predictions; --", "1' OR '1'='1", "x\"); DELETE FROM users; --", "$$; select pg_sleep(10); $$", "\\'; truncate labels; --", "Robert'); DROP TABLE students;--"];
const SQL_CLASS = "spam'); DROP TABLE labels; --";

let t: TestDatabase;
let key: string;
let ingest: ReturnType<typeof predictionsRoute>;
let truth: ReturnType<typeof groundTruthRoute>;
let spamId: string;
const metrics = () => modelMetricsRoute({ db: () => t.db, sessionUser: async () => null });

beforeAll(async () => {
  t = await createTestDatabase();
  key = await createKey(t.db, ["ingest", "read", "label"]);
  ingest = predictionsRoute({ db: () => t.db });
  truth = groundTruthRoute({ db: () => t.db });
  const ctx = systemContext(t.db, "test");
  spamId = (await createModel(ctx, { slug: "spam-filter", name: "Spam", task: "binary", classes: ["ham", SQL_CLASS], positiveClass: SQL_CLASS })).id;
  await setSamplingPolicy(ctx, { slug: "spam-filter", rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: true, leaseMinutes: 10 });
  await createModel(ctx, { slug: "eta", name: "ETA", task: "regression" });
  await createModel(ctx, { slug: "odd-names", name: "Odd names", task: "binary", classes: ["constructor", "__proto__"], positiveClass: "__proto__" });
});
afterAll(async () => t.drop());

async function metricsOf(model: string) {
  // Page views and the metrics API read rollups only; bring them up to date as the job would.
  await refreshRollups(t.db);
  const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const response = await metrics()(new Request(`http://vigil.test/api/v1/models/${model}/metrics?from=${from}&bucket=day`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ model }) });
  return { status: response.status, text: await response.text() };
}

/** Every number in a JSON text as written (JSON itself cannot say NaN or Infinity; null stands in). */
function jsonNumbers(text: string): number[] {
  const out: number[] = [];
  JSON.parse(text, (_key, value) => {
    if (typeof value === "number") out.push(value);
    return value;
  });
  return out;
}

describe("SQL in what the API stores", () => {
  it("keeps SQL in prediction ids, versions, feature names and values, and labels exactly as sent", async () => {
    const rows = SQL.map((text, i) => ({
      id: `${text}#${i}`,
      version: text.slice(0, 100),
      timestamp: new Date(Date.now() - 3600_000).toISOString(),
      features: { [text]: text, note: `${text} ${i}`, n: i },
      score: 0.9,
      label: SQL_CLASS,
    }));
    expect(await call(ingest, { key, body: { model: "spam-filter", predictions: rows } })).toMatchObject({ status: 200, json: { accepted: SQL.length, duplicates: 0 } });

    const stored = await t.db.select().from(predictions).where(eq(predictions.modelId, spamId));
    for (const row of rows) {
      const found = stored.find((s) => s.externalId === row.id);
      expect(found, row.id).toMatchObject({ label: SQL_CLASS, features: row.features });
    }
    // Replaying the batch matches every id again: nothing was cut or escaped differently.
    expect((await call(ingest, { key, body: { model: "spam-filter", predictions: rows } })).json).toEqual({ accepted: 0, duplicates: SQL.length });

    // Ground truth joins by those ids, and unknown ones come back verbatim.
    const actuals = [{ id: rows[0]!.id, label: "ham" }, { id: "' OR 1=1 --", label: "ham" }];
    expect(await call(truth, { key, body: { model: "spam-filter", actuals } })).toMatchObject({ status: 200, json: { matched: 1, unknown: ["' OR 1=1 --"] } });
  });

  it("takes labels that are SQL from an outside labelling tool, and claims show the features verbatim", async () => {
    const claimed = await call(claimRoute({ db: () => t.db }), { key, body: { model: "spam-filter", limit: 100 } });
    expect(claimed.status).toBe(200);
    const items = claimed.json!.items as { itemId: string; predictionId: string; features: Record<string, unknown> }[];
    expect(items.length).toBeGreaterThanOrEqual(SQL.length);
    const first = items.find((i) => i.predictionId === `${SQL[0]}#0`)!;
    expect(first.features).toEqual({ [SQL[0]!]: SQL[0], note: `${SQL[0]} 0`, n: 0 });

    const sent = await call(labelsRoute({ db: () => t.db }), { key, body: { labels: [{ itemId: first.itemId, label: SQL_CLASS }] } });
    expect(sent).toMatchObject({ status: 200, json: { accepted: 1 } });
    const [label] = await t.db.select().from(labels).where(eq(labels.itemId, Number(first.itemId)));
    expect(label).toMatchObject({ label: SQL_CLASS });
    // Still all there.
    expect(await t.db.$count(predictions, eq(predictions.modelId, spamId))).toBe(SQL.length);
  });

  it("answers 404, not an error, for a model slug that is SQL", async () => {
    expect(await call(ingest, { key, body: { model: SQL[1], predictions: [{ id: "x", score: 0.5, label: "ham" }] } })).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect((await metricsOf(encodeURIComponent(SQL[0]!))).status).toBe(404);
  });
});

describe("absurd numbers", () => {
  const send = (text: string) => call(ingest, { key, rawBody: text });

  it("refuses NaN, Infinity and numbers that overflow a double with a 400 naming the field", async () => {
    // JSON has no NaN or Infinity literal: not JSON at all.
    for (const literal of ["NaN", "Infinity", "-Infinity"]) {
      expect(await send(`{"model":"eta","predictions":[{"id":"n","value":${literal}}]}`)).toMatchObject({ status: 400, json: { error: "invalid_json" } });
    }
    // 1e309 is valid JSON but parses to Infinity.
    for (const literal of ["1e309", "-1e309", "1E400"]) {
      const res = await send(`{"model":"eta","predictions":[{"id":"n","value":${literal},"features":{"f":1}}]}`);
      expect(res).toMatchObject({ status: 400, json: { error: "invalid_batch", rows: [{ index: 0, path: "value" }] } });
      const feature = await send(`{"model":"eta","predictions":[{"id":"n","value":1,"features":{"f":${literal}}}]}`);
      expect(feature).toMatchObject({ status: 400, json: { error: "invalid_batch", rows: [{ index: 0, path: "features.f" }] } });
      const score = await send(`{"model":"spam-filter","predictions":[{"id":"n","label":"ham","score":${literal}}]}`);
      expect(score).toMatchObject({ status: 400, json: { rows: [{ index: 0, path: "score" }] } });
    }
    expect(await t.db.$count(predictions, eq(predictions.externalId, "n"))).toBe(0);
  });

  it("stores the largest doubles and −0 as sent, and the figures built on them stay finite", async () => {
    const at = new Date(Date.now() - 3600_000).toISOString();
    const body = `{"model":"eta","predictions":[
      {"id":"huge","timestamp":"${at}","value":1e308,"actual":{"value":-1.7976931348623157e308},"features":{"size":1.7976931348623157e308,"tiny":5e-324,"zero":-0}},
      {"id":"small","timestamp":"${at}","value":-0,"actual":{"value":1e-300},"features":{"size":-1e308,"tiny":0,"zero":0}}]}`;
    expect(await send(body)).toMatchObject({ status: 200, json: { accepted: 2 } });
    const [huge] = await t.db.select().from(predictions).where(eq(predictions.externalId, "huge"));
    expect(huge).toMatchObject({ value: 1e308, actualValue: -Number.MAX_VALUE, features: { size: Number.MAX_VALUE, tiny: 5e-324, zero: 0 } });

    // The residual −∞ ± … cannot be a figure; what the API answers still holds only finite numbers.
    const res = await metricsOf("eta");
    expect(res.status).toBe(200);
    expect(jsonNumbers(res.text).every(Number.isFinite)).toBe(true);
    const answer = JSON.parse(res.text);
    expect(answer.totals).toMatchObject({ volume: 2, mae: { n: 2, value: expect.any(Number) }, rmse: { n: 2, value: expect.any(Number) } });
    expect(answer.totals.rmse.value).toBeGreaterThan(1e307);
  });
});

describe("names that are also Object.prototype's", () => {
  it("counts a feature called constructor or __proto__, and a class called constructor, like any other", async () => {
    const at = new Date(Date.now() - 3600_000).toISOString();
    const body = `{"model":"odd-names","predictions":[
      {"id":"o1","timestamp":"${at}","score":0.9,"label":"__proto__","features":{"constructor":"valueOf","__proto__":"toString","toString":3}},
      {"id":"o2","timestamp":"${at}","score":0.1,"label":"constructor","actual":{"label":"__proto__"},"features":{"constructor":"hasOwnProperty","__proto__":"x","toString":4}}]}`;
    expect(await call(ingest, { key, rawBody: body })).toMatchObject({ status: 200, json: { accepted: 2 } });
    const res = await metricsOf("odd-names");
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.text);
    expect(answer.totals).toMatchObject({ volume: 2, positiveRate: { value: 0.5, n: 2 }, groundTruthAccuracy: { value: 0, n: 1 } });
    expect(answer.distributions.confusion).toEqual({ classes: ["constructor", "__proto__"], counts: [[0, 0], [1, 0]] });
    expect(answer.drift.features.map((f: { name: string }) => f.name).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(answer.drift.features.find((f: { name: string }) => f.name === "constructor")).toMatchObject({ type: "categorical", n: 2 });
  });
});

describe("huge strings and bodies", () => {
  const base = { id: "big", score: 0.5, label: "ham" };
  const refused = async (row: Record<string, unknown>, path: string) => {
    const res = await call(ingest, { key, body: { model: "spam-filter", predictions: [{ ...base, ...row }] } });
    expect(res, path).toMatchObject({ status: 400, json: { error: "invalid_batch", rows: [{ index: 0, path: expect.stringMatching(new RegExp(`^${path}`)) }] } });
  };

  it("refuses a field past its limit with a 400 that names it", async () => {
    await refused({ id: "i".repeat(201) }, "id");
    await refused({ version: "v".repeat(101) }, "version");
    await refused({ label: "l".repeat(101) }, "label");
    await refused({ features: { text: "t".repeat(10_001) } }, "features.text");
    await refused({ features: { ["k".repeat(101)]: 1 } }, "features");
    await refused({ features: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, i])) }, "features");
    // A slug of a megabyte is just an unknown model.
    expect(await call(ingest, { key, body: { model: "m".repeat(1 << 20), predictions: [base] } })).toMatchObject({ status: 404 });
    expect(await t.db.$count(predictions, eq(predictions.externalId, "big"))).toBe(0);
  });

  it("answers 413 past the body limit, whether announced or streamed", async () => {
    const body = JSON.stringify({ model: "spam-filter", predictions: [base], padding: "p".repeat(17 * 1024 * 1024) });
    expect(await call(ingest, { key, rawBody: body })).toMatchObject({ status: 413, json: { error: "payload_too_large" } });
    // A chunked body has no Content-Length: the limit is counted as it streams in.
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request("http://vigil.test/api/v1/predictions", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: stream, duplex: "half" } as RequestInit);
    const response = await ingest(request);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(20);
  });
});

describe("deeply nested JSON", () => {
  it("answers 400, never a stack overflow, however deep the nesting and wherever it is", async () => {
    const deep = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);
    const objects = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    const bodies = [
      deep(100_000),
      `{"model":"spam-filter","predictions":${deep(100_000)}}`,
      `{"model":"spam-filter","predictions":[{"id":"d","score":0.5,"label":"ham","features":{"f":${deep(100_000)}}}]}`,
      `{"model":"spam-filter","predictions":[{"id":"d","score":0.5,"label":"ham","features":${objects(50_000)}}]}`,
      `{"model":"spam-filter","predictions":[{"id":"d","score":0.5,"label":"ham","actual":${objects(50_000)}}]}`,
      `{"model":${objects(50_000)},"predictions":[]}`,
    ];
    for (const rawBody of bodies) {
      const res = await call(ingest, { key, rawBody });
      expect(res.status, rawBody.slice(0, 80)).toBe(400);
      expect(res.json).toMatchObject({ error: expect.stringMatching(/^invalid_/), message: expect.any(String) });
    }
    expect(await call(truth, { key, rawBody: `{"model":"spam-filter","actuals":[{"id":"d","label":${deep(100_000)}}]}` })).toMatchObject({ status: 400 });
    expect(await call(labelsRoute({ db: () => t.db }), { key, rawBody: `{"labels":[{"itemId":"1","label":${objects(50_000)}}]}` })).toMatchObject({ status: 400 });
    expect(await call(claimRoute({ db: () => t.db }), { key, rawBody: `{"model":"spam-filter","limit":${deep(100_000)}}` })).toMatchObject({ status: 400 });
  });
});
