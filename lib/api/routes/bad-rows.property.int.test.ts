import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { metricRollups, predictions } from "@/lib/db/schema";
import { refreshRollups } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";
import { awkwardText, awkwardTime } from "@/test/awkward-input";
import { groundTruthRoute, predictionsRoute } from "./predictions";
import { modelMetricsRoute } from "./metrics";

// Issue #14: whatever text and times a client puts in a batch of predictions or ground truth,
// the real handlers answer 200 or 400, never 500; and what they accept is stored as sent, in the
// hour it was sent for, and counted by the rollups and the metrics API. Before the fix, NUL or
// an unpaired surrogate failed the statement (500), year 0000 was a 500, and a row of 0050-06-01
// was accepted but counted in no hour of its own.

const NOW = Date.now();
const HOUR = 3_600_000;
let t: TestDatabase;
let key: string;
let modelId: string;
const sent = new Map<string, { timestamp?: string; label: string; actual?: { label: string; timestamp?: string } }>();

beforeAll(async () => {
  t = await createTestDatabase();
  key = await createKey(t.db, ["ingest", "read"]);
  modelId = (await createBinaryModel(t.db, "spam-filter")).id;
});
afterAll(async () => t.drop());

/** Mostly text of any script (any code point), sometimes with NUL or unpaired surrogates. */
const text = fc.oneof({ weight: 12, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) }, { weight: 1, arbitrary: awkwardText });
const label = fc.constantFrom("ham", "spam");
const row = fc.record(
  {
    id: fc.oneof({ weight: 12, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 16 }) }, { weight: 1, arbitrary: awkwardText }),
    version: text,
    timestamp: awkwardTime(NOW),
    features: fc.dictionary(text, fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 4, noNullPrototype: true }),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    label,
    actual: fc.record({ label, timestamp: awkwardTime(NOW) }, { requiredKeys: ["label"], noNullPrototype: true }),
  },
  { requiredKeys: ["id", "score", "label"], noNullPrototype: true },
);

const hourOf = (iso: string) => Math.floor(Date.parse(iso) / HOUR) * HOUR;

describe("arbitrary text and times through the real handlers", () => {
  it("a batch of predictions is answered 200 or 400, and what is accepted is stored as sent", async () => {
    const ingest = predictionsRoute({ db: () => t.db });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 3 }), async (rows) => {
        const res = await call(ingest, { key, body: { model: "spam-filter", predictions: rows } });
        expect([200, 400], JSON.stringify(res.json)).toContain(res.status);
        if (res.status === 400) {
          expect(res.json).toMatchObject({ error: "invalid_batch", rows: expect.arrayContaining([expect.objectContaining({ index: expect.any(Number), path: expect.any(String) })]) });
          return;
        }
        accepted += res.json!.accepted as number;
        const fresh = rows.filter((r) => !sent.has(r.id));
        for (const r of fresh) sent.set(r.id, r);
        expect(res.json!.accepted).toBe(new Set(fresh.map((r) => r.id)).size);
        // Each id comes back byte for byte, at the instant it was sent for.
        const stored = await t.db
          .select({ id: predictions.externalId, at: predictions.predictedAt, actualAt: predictions.actualAt })
          .from(predictions)
          .where(and(eq(predictions.modelId, modelId), inArray(predictions.externalId, fresh.map((r) => r.id))));
        expect(stored.map((s) => s.id).sort()).toEqual([...new Set(fresh.map((r) => r.id))].sort());
        for (const s of stored) {
          const r = sent.get(s.id)!;
          if (r.timestamp) expect(s.at.getTime()).toBe(Date.parse(r.timestamp));
          if (r.actual?.timestamp) expect(s.actualAt!.getTime()).toBe(Date.parse(r.actual.timestamp));
        }
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBe(sent.size);
    // Many batches went through, so the checks of what is stored had rows to look at.
    expect(sent.size).toBeGreaterThan(20);
  }, 240_000);

  it("a batch of ground truth is answered 200 or 400, and what is accepted joins its prediction", async () => {
    const truth = groundTruthRoute({ db: () => t.db });
    const known = [...sent.keys()];
    const actual = fc.record(
      // Mostly known ids and plain labels: a batch is refused whole for one bad row, and with even
      // odds per field a run of 100 batches sometimes matched nothing (seen in CI).
      { id: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: awkwardText }), label: fc.oneof({ weight: 3, arbitrary: label }, { weight: 1, arbitrary: awkwardText }), timestamp: awkwardTime(NOW) },
      { requiredKeys: ["id", "label"], noNullPrototype: true },
    );
    let matched = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(actual, { minLength: 1, maxLength: 6 }), async (actuals) => {
        const res = await call(truth, { key, body: { model: "spam-filter", actuals } });
        expect([200, 400], JSON.stringify(res.json)).toContain(res.status);
        if (res.status === 400) {
          expect(res.json).toMatchObject({ error: "invalid_batch", rows: expect.any(Array) });
          return;
        }
        const ids = [...new Set(actuals.map((a) => a.id))];
        expect(res.json).toEqual({ matched: ids.filter((id) => sent.has(id)).length, unknown: ids.filter((id) => !sent.has(id)) });
        matched += res.json!.matched as number;
        for (const a of actuals.filter((x) => sent.has(x.id))) sent.get(a.id)!.actual = { label: a.label, ...(a.timestamp ? { timestamp: a.timestamp } : {}) };
      }),
      { numRuns: 100 },
    );
    expect(matched).toBeGreaterThan(0);
  }, 240_000);

  it("the rollups and the metrics API count every accepted prediction and truth, in the hour it was sent for", async () => {
    await refreshRollups(t.db);
    // What was sent, hour by hour (a row without a time was made when it arrived: within this test run).
    const expected = new Map<number, { volume: number; truth: number }>();
    const stored = await t.db.select({ id: predictions.externalId, at: predictions.predictedAt, actual: predictions.actualLabel }).from(predictions).where(eq(predictions.modelId, modelId));
    expect(stored.length).toBe(sent.size);
    for (const s of stored) {
      const r = sent.get(s.id)!;
      expect(s.actual).toBe(r.actual?.label ?? null);
      const hour = r.timestamp ? hourOf(r.timestamp) : Math.floor(s.at.getTime() / HOUR) * HOUR;
      const bucket = expected.get(hour) ?? { volume: 0, truth: 0 };
      bucket.volume++;
      if (r.actual) bucket.truth++;
      expected.set(hour, bucket);
    }
    const rollups = await t.db.select({ hour: metricRollups.bucketStart, volume: metricRollups.volume, truth: metricRollups.truthCount }).from(metricRollups).where(eq(metricRollups.modelId, modelId));
    expect(new Map(rollups.map((r) => [r.hour.getTime(), { volume: r.volume, truth: r.truth }]))).toEqual(expected);

    // The metrics API over the last 300 days counts the rows sent for those days.
    const from = new Date(NOW - 300 * 86_400_000);
    const to = new Date(Date.now() + 10 * 60_000);
    const [{ inRange }] = (await t.db.execute<{ inRange: number }>(sql`
      select count(*)::int as "inRange" from predictions where model_id = ${modelId}::uuid
        and predicted_at >= ${from.toISOString()}::timestamptz and predicted_at < ${to.toISOString()}::timestamptz`)) as unknown as [{ inRange: number }];
    const response = await modelMetricsRoute({ db: () => t.db, sessionUser: async () => null })(
      new Request(`http://vigil.test/api/v1/models/spam-filter/metrics?from=${from.toISOString()}&to=${to.toISOString()}&bucket=day`, { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ model: "spam-filter" }) },
    );
    expect(response.status).toBe(200);
    expect((await response.json()).totals.volume).toBe(inRange);
    expect(inRange).toBeGreaterThan(0);
  }, 120_000);
});
