import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Model } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSamplingPolicy } from "@/lib/services/labelling";
import { createMonitor, evaluateMonitor } from "@/lib/services/monitors";
import { samplingDraw } from "@/lib/labelling/sampling";
import { wilsonInterval } from "@/lib/stats";
import { claimRoute, labelsRoute } from "@/lib/api/routes/labelling";
import { modelMetricsRoute } from "@/lib/api/routes/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey, createRegressionModel } from "@/test/api";

// Sampled accuracy and sampled MAE on a day the labelling cap cut, read through the metrics route
// and checked against a Horvitz–Thompson estimate worked out here from the raw rows: which
// predictions each batch offered, which the cap kept, and the chance each kept one had.

let t: TestDatabase;
let readKey: string;
let labelKey: string;
beforeAll(async () => {
  t = await createTestDatabase();
  readKey = await createKey(t.db, ["read"]);
  labelKey = await createKey(t.db, ["label"]);
});
afterAll(async () => t.drop());

type Row = { id: string; timestamp: string; label?: string; score?: number; value?: number; features: Record<string, unknown> };
type Kept = { id: string; pi: number; batch: number };

/**
 * What sampling under the cap must have kept, by hand: each batch's candidates (draw below the
 * row's rate), the lowest draws up to the places left, each kept one at min(rate, the lowest draw
 * turned away). `places` null: no cap yet.
 */
function expectedSample(model: Model, batches: { rows: Row[]; places: number | null }[], rate: (row: Row) => number): Kept[] {
  const kept: Kept[] = [];
  let left: number | null = null;
  batches.forEach(({ rows, places }, batch) => {
    if (places !== null) left = places;
    const candidates = rows.map((r) => ({ id: r.id, draw: samplingDraw(model.id, r.id), rate: rate(r) })).filter((c) => c.draw < c.rate).sort((a, b) => a.draw - b.draw);
    const take = left === null ? candidates.length : Math.min(left, candidates.length);
    const cut = take < candidates.length ? candidates[take]!.draw : Infinity;
    for (const c of candidates.slice(0, take)) kept.push({ id: c.id, pi: Math.min(c.rate, cut), batch });
    if (left !== null) left -= take;
  });
  return kept;
}

/** Claims and labels every open item of a model through the API, answering with `answer`. */
async function labelAll(model: string, answer: (predictionId: string) => { label?: string; value?: number }) {
  for (;;) {
    const claimed = await call(claimRoute({ db: () => t.db }), { key: labelKey, body: { model, limit: 100 } });
    const items = claimed.json!.items as { itemId: string; predictionId: string }[];
    if (!items.length) return;
    const sent = await call(labelsRoute({ db: () => t.db }), { key: labelKey, body: { labels: items.map((i) => ({ itemId: i.itemId, ...answer(i.predictionId) })) } });
    expect(sent.json).toMatchObject({ accepted: items.length });
  }
}

async function metrics(slug: string, from: string, to: string, bucket: "hour" | "day") {
  const route = modelMetricsRoute({ db: () => t.db, sessionUser: async () => null });
  const response = await route(new Request(`http://x/api/v1/models/${slug}/metrics?from=${from}&to=${to}&bucket=${bucket}`, { headers: { authorization: `Bearer ${readKey}` } }), { params: Promise.resolve({ model: slug }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { totals: Record<string, unknown>; series: Record<string, unknown>[] };
}

async function storedItems(model: Model) {
  const rows = await t.db.execute<{ external_id: string; inclusion_probability: number }>(sql`
    select p.external_id, i.inclusion_probability from labelling_items i join predictions p on p.id = i.id where i.model_id = ${model.id}::uuid`);
  return new Map(rows.map((r) => [r.external_id, Number(r.inclusion_probability)]));
}

/** Today's items so far, as setting a cap counts them. */
async function itemsToday(model: Model) {
  const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from labelling_items where model_id = ${model.id}::uuid and created_at >= date_trunc('day', now(), 'UTC')`);
  return row!.n;
}

describe("sampled figures on a day the daily cap cut", () => {
  it("weight each label by its true inclusion probability: sampled accuracy is the Horvitz–Thompson estimate from the raw rows", async () => {
    const model = await createBinaryModel(t.db, "capped-day");
    const policy = { slug: "capped-day", rate: 0.3, stratifyBy: "predicted_class", stratumRates: { spam: 0.6 }, showPrediction: false, leaseMinutes: 10 };
    await setSamplingPolicy(systemContext(t.db), { ...policy, dailyCap: null });
    const rows = (prefix: string, count: number, hour: number): Row[] =>
      Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, timestamp: `2026-03-02T${hour}:${String(i % 60).padStart(2, "0")}:00Z`, score: i % 2 ? 0.2 : 0.8, label: i % 2 ? "ham" : "spam", features: { n: i } }));
    // Before the cap: 60 predictions at 10:00. Then a cap that leaves 15 places for the day, met
    // by 200 predictions at 11:00 (about 90 candidates) and 100 more at 12:00 (no place left).
    const early = rows("early", 60, 10);
    await ingestPredictions(systemContext(t.db), { model: "capped-day", predictions: early });
    const cap = (await itemsToday(model)) + 15;
    await setSamplingPolicy(systemContext(t.db), { ...policy, dailyCap: cap });
    const cut = rows("cut", 200, 11);
    const late = rows("late", 100, 12);
    await ingestPredictions(systemContext(t.db), { model: "capped-day", predictions: cut });
    await ingestPredictions(systemContext(t.db), { model: "capped-day", predictions: late });

    const expected = expectedSample(model, [{ rows: early, places: null }, { rows: cut, places: 15 }, { rows: late, places: null }], (r) => (r.label === "spam" ? 0.6 : 0.3));
    const stored = await storedItems(model);
    expect([...stored.keys()].sort()).toEqual(expected.map((k) => k.id).sort());
    expect(expected.filter((k) => k.batch === 1)).toHaveLength(15);
    // Each item keeps the probability worked out here, to the last bit (the draw is the same double in SQL).
    expect(expected.map((k) => stored.get(k.id))).toEqual(expected.map((k) => k.pi));
    expect(expected.filter((k) => k.batch === 1).every((k) => k.pi < 0.3)).toBe(true);

    // The model is right on every early prediction and wrong on two in three of the capped ones.
    const predicted = new Map([...early, ...cut].map((r) => [r.id, r.label!]));
    const wrong = (id: string) => id.startsWith("cut-") && Number(id.slice(4)) % 3 !== 0;
    const flip = (label: string) => (label === "spam" ? "ham" : "spam");
    await labelAll("capped-day", (id) => ({ label: wrong(id) ? flip(predicted.get(id)!) : predicted.get(id)! }));

    // Horvitz–Thompson by hand: Σ(1/π)·correct / Σ(1/π), Wilson at Kish's n_eff.
    const estimate = (items: Kept[]) => {
      const w = items.map((k) => 1 / k.pi);
      const total = w.reduce((a, b) => a + b, 0);
      const value = items.reduce((sum, k, i) => sum + (wrong(k.id) ? 0 : w[i]!), 0) / total;
      const effectiveN = total ** 2 / w.reduce((a, b) => a + b * b, 0);
      const interval = wilsonInterval(value * effectiveN, effectiveN)!;
      return { value, low: interval.low, high: interval.high, n: items.length, effectiveN };
    };
    const m = await metrics("capped-day", "2026-03-02T10:00:00Z", "2026-03-02T13:00:00Z", "hour");
    const check = (figure: unknown, items: Kept[]) => {
      const hand = estimate(items);
      expect(figure).toMatchObject({ n: hand.n, value: expect.closeTo(hand.value, 12), low: expect.closeTo(hand.low, 9), high: expect.closeTo(hand.high, 9), effectiveN: expect.closeTo(hand.effectiveN, 9) });
    };
    check(m.totals.sampledAccuracy, expected);
    check(m.series[0]!.sampledAccuracy, expected.filter((k) => k.batch === 0));
    check(m.series[1]!.sampledAccuracy, expected.filter((k) => k.batch === 1));
    expect(m.series[2]!.sampledAccuracy).toBeNull();

    // The plain rate as π (the old weighting) tells another story: the test can tell them apart.
    const byRate = estimate(expected.map((k) => ({ ...k, pi: predicted.get(k.id) === "spam" ? 0.6 : 0.3 })));
    expect(Math.abs(byRate.value - estimate(expected).value)).toBeGreaterThan(0.1);
  });

  it("give a regression model sampled MAE with its interval and n: the weighted mean absolute error from the raw rows, also for monitors", async () => {
    const model = await createRegressionModel(t.db, "eta-capped");
    const policy = { slug: "eta-capped", rate: 0.5, stratifyBy: "none", showPrediction: false, leaseMinutes: 10 };
    await setSamplingPolicy(systemContext(t.db), { ...policy, dailyCap: null });
    const hourStart = Math.floor(Date.now() / 3600_000) * 3600_000;
    const rows = (prefix: string, count: number, hoursAgo: number): Row[] =>
      Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, timestamp: new Date(hourStart - hoursAgo * 3600_000 + i * 1000).toISOString(), value: 1000 + 0.25 * (i % 13), features: { n: i } }));
    const first = rows("first", 40, 3);
    await ingestPredictions(systemContext(t.db), { model: "eta-capped", predictions: first });
    await setSamplingPolicy(systemContext(t.db), { ...policy, dailyCap: (await itemsToday(model)) + 8 });
    const second = rows("second", 80, 2);
    await ingestPredictions(systemContext(t.db), { model: "eta-capped", predictions: second });
    const expected = expectedSample(model, [{ rows: first, places: null }, { rows: second, places: 8 }], () => 0.5);
    expect([...(await storedItems(model)).keys()].sort()).toEqual(expected.map((k) => k.id).sort());

    // Annotators' values: small errors on the first batch, larger ones on the second, in both directions.
    const predicted = new Map([...first, ...second].map((r) => [r.id, r.value!]));
    const error = (id: string) => {
      const i = Number(id.split("-")[1]);
      return id.startsWith("first") ? ((i % 5) - 2) * 0.5 : ((i % 7) - 3) * 4;
    };
    await labelAll("eta-capped", (id) => ({ value: predicted.get(id)! + error(id) }));

    // By hand: μ = Σ(1/π)|e| / Σ(1/π); v = n/(n − 1) · Σ(1/π)²(|e| − μ)² / (Σ 1/π)²; μ ± 1.96√v, cut at 0.
    const estimate = (items: Kept[]) => {
      const w = items.map((k) => 1 / k.pi);
      const e = items.map((k) => Math.abs(predicted.get(k.id)! + error(k.id) - predicted.get(k.id)!));
      const total = w.reduce((a, b) => a + b, 0);
      const value = e.reduce((sum, x, i) => sum + w[i]! * x, 0) / total;
      const n = items.length;
      const v = (n / (n - 1)) * e.reduce((sum, x, i) => sum + (w[i]! * (x - value)) ** 2, 0) / total ** 2;
      return { value, low: Math.max(0, value - 1.96 * Math.sqrt(v)), high: value + 1.96 * Math.sqrt(v), n, effectiveN: total ** 2 / w.reduce((a, b) => a + b * b, 0) };
    };
    const from = new Date(hourStart - 3 * 3600_000).toISOString();
    const m = await metrics("eta-capped", from, new Date(hourStart - 3600_000).toISOString(), "hour");
    const check = (figure: unknown, items: Kept[]) => {
      const hand = estimate(items);
      expect(figure).toMatchObject({ n: hand.n, value: expect.closeTo(hand.value, 9), low: expect.closeTo(hand.low, 9), high: expect.closeTo(hand.high, 9), effectiveN: expect.closeTo(hand.effectiveN, 9) });
    };
    check(m.totals.sampledMae, expected);
    check(m.series[0]!.sampledMae, expected.filter((k) => k.batch === 0));
    check(m.series[1]!.sampledMae, expected.filter((k) => k.batch === 1));
    expect(m.totals).not.toHaveProperty("sampledAccuracy");

    // A monitor on sampled MAE reads the same figure over its window.
    const monitor = await createMonitor(systemContext(t.db), { model: "eta-capped", name: "labels say late", metric: "sampledMae", window: "24h", comparison: "above", threshold: 1, minN: 5 });
    const evaluated = await evaluateMonitor(systemContext(t.db), monitor.id);
    expect(evaluated).toMatchObject({ state: "firing", n: expected.length, value: expect.closeTo(estimate(expected).value, 9) });
    // Sampled accuracy is a classifier's figure: a regression model has none to watch.
    await expect(createMonitor(systemContext(t.db), { model: "eta-capped", name: "x", metric: "sampledAccuracy", window: "24h", comparison: "below", threshold: 0.8 })).rejects.toThrow(
      "metric: A regression model has no sampled accuracy (human labels)",
    );
  });
});
