import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { labellingItems, models, type Model } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { samplingDecision, samplingDraw } from "@/lib/labelling/sampling";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { setSamplingPolicy } from "./set-sampling-policy";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const policy = (slug: string, overrides: Record<string, unknown> = {}) =>
  setSamplingPolicy(systemContext(t.db), { slug, rate: 0.05, stratifyBy: "none", stratumRates: {}, dailyCap: null, showPrediction: false, leaseMinutes: 10, ...overrides });

/**
 * A binary model with a fixed id: the draws hash the model id with the prediction ids, so with
 * both fixed every run samples the same rows and the share tests cannot flake. (The rates and
 * sizes are chosen so that ±0.01 is about three standard deviations or more anyway.)
 */
async function binaryModel(slug: string, n: number): Promise<Model> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const [model] = await t.db.insert(models).values({ id, slug, name: slug, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" }).returning();
  return model!;
}

/** Binary rows with a spread of scores; half predicted spam. */
function rows(prefix: string, count: number, from = 0) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const score = ((i * 7919) % 1000) / 1000;
    return { id: `${prefix}-${i}`, timestamp: "2026-11-20T10:00:00Z", score, label: i % 2 === 0 ? "spam" : "ham", features: { n: i } };
  });
}

async function ingest(slug: string, predictions: ReturnType<typeof rows>) {
  for (let first = 0; first < predictions.length; first += 10_000) {
    await ingestPredictions(systemContext(t.db), { model: slug, predictions: predictions.slice(first, first + 10_000) });
  }
}

async function items(model: Model) {
  return t.db.execute<{ external_id: string; stratum: string; inclusion_probability: number; label: string; score: number }>(sql`
    select p.external_id, i.stratum, i.inclusion_probability, p.label, p.score
    from labelling_items i join predictions p on p.id = i.id where i.model_id = ${model.id}::uuid`);
}

describe("sampling at ingest", () => {
  it("samples with the defaults when a model has no policy, exactly the rows the pure function picks", async () => {
    const model = await createBinaryModel(t.db, "no-policy");
    const batch = rows("d", 2_000);
    await ingest(model.slug, batch);
    const stored = await items(model);
    const expected = batch.filter((r) => samplingDecision({ rate: 0.05, stratumRates: {}, stratifyBy: "none" }, model.id, r.id, r).sampled);
    expect(stored.map((s) => s.external_id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(stored.every((s) => s.stratum === "all" && s.inclusion_probability === 0.05)).toBe(true);
  });

  it("samples a replayed batch the same way and creates no second item", async () => {
    const model = await createBinaryModel(t.db, "replay");
    await policy(model.slug, { rate: 0.2 });
    const batch = rows("r", 1_000);
    await ingest(model.slug, batch);
    const first = (await items(model)).map((s) => s.external_id).sort();
    expect(first.length).toBeGreaterThan(150);

    const again = await ingestPredictions(systemContext(t.db), { model: model.slug, predictions: batch });
    expect(again).toEqual({ accepted: 0, duplicates: 1_000 });
    expect((await items(model)).map((s) => s.external_id).sort()).toEqual(first);

    // Half old, half new: only the new half can add items, and the same ones the function picks.
    const overlapping = rows("r", 1_000, 500);
    await ingest(model.slug, overlapping);
    const after = (await items(model)).map((s) => s.external_id).sort();
    const expectedNew = rows("r", 500, 1_000).filter((r) => samplingDecision({ rate: 0.2, stratumRates: {}, stratifyBy: "none" }, model.id, r.id, r).sampled);
    expect(after).toEqual([...first, ...expectedNew.map((r) => r.id)].sort());
  });

  it("samples within ±0.01 of the rate over 20,000 rows, overall and per predicted class", async () => {
    const model = await binaryModel("by-class", 1);
    await policy(model.slug, { rate: 0.05, stratifyBy: "predicted_class", stratumRates: { spam: 0.1, ham: "" } });
    const batch = rows("c", 20_000);
    await ingest(model.slug, batch);
    const stored = await items(model);
    const share = (label: string) => stored.filter((s) => s.label === label).length / batch.filter((r) => r.label === label).length;
    expect(Math.abs(share("spam") - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(share("ham") - 0.05)).toBeLessThan(0.01);
    expect(stored.filter((s) => s.label === "spam").every((s) => s.stratum === "spam" && s.inclusion_probability === 0.1)).toBe(true);
    expect(stored.filter((s) => s.label === "ham").every((s) => s.stratum === "ham" && s.inclusion_probability === 0.05)).toBe(true);

    const plain = await binaryModel("plain", 2);
    await policy(plain.slug, { rate: 0.05 });
    await ingest(plain.slug, rows("p", 20_000));
    expect(Math.abs((await items(plain)).length / 20_000 - 0.05)).toBeLessThan(0.01);
  });

  it("stratifies binary scores in five bands of 0.2, each at its own rate or the base rate", async () => {
    const model = await binaryModel("by-band", 3);
    const rates = { "0.0-0.2": 0.02, "0.4-0.6": 0.04, "0.8-1.0": 0.01 };
    await policy(model.slug, { rate: 0.03, stratifyBy: "score_band", stratumRates: rates });
    const batch = rows("b", 20_000);
    await ingest(model.slug, batch);
    const stored = await items(model);
    const band = (score: number) => ["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"][Math.min(4, Math.floor(score * 5))]!;
    for (const stratum of ["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"]) {
      const rate = rates[stratum as keyof typeof rates] ?? 0.03;
      const inBand = batch.filter((r) => band(r.score) === stratum).length;
      const sampled = stored.filter((s) => s.stratum === stratum);
      expect(Math.abs(sampled.length / inBand - rate), stratum).toBeLessThan(0.01);
      expect(sampled.every((s) => s.inclusion_probability === rate && band(s.score) === stratum)).toBe(true);
    }
    // Row for row what the pure function decides.
    const expected = batch.filter((r) => samplingDecision({ rate: 0.03, stratumRates: rates, stratifyBy: "score_band" }, model.id, r.id, r).sampled);
    expect(stored.map((s) => s.external_id).sort()).toEqual(expected.map((r) => r.id).sort());
  });

  it("applies a policy change to new predictions only", async () => {
    const model = await createBinaryModel(t.db, "change");
    await policy(model.slug, { rate: 0.5 });
    await ingest(model.slug, rows("x", 200));
    const before = (await items(model)).length;
    expect(before).toBeGreaterThan(60);
    await policy(model.slug, { rate: 0 });
    await ingest(model.slug, rows("x", 200, 200));
    const after = await items(model);
    expect(after.length).toBe(before);
    expect(after.every((s) => s.inclusion_probability === 0.5)).toBe(true);
  });

  it("respects the daily cap, for batch after batch and for batches sent at once", async () => {
    const model = await createBinaryModel(t.db, "capped");
    await policy(model.slug, { rate: 0.5, dailyCap: 30 });
    await ingest(model.slug, rows("k", 200));
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, model.id))).toBe(30);
    await ingest(model.slug, rows("k", 200, 200));
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, model.id))).toBe(30);

    // A higher cap later the same day: counted afresh from the items the day already has.
    await policy(model.slug, { rate: 0.5, dailyCap: 45 });
    await ingest(model.slug, rows("k", 200, 400));
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, model.id))).toBe(45);

    const busy = await createBinaryModel(t.db, "capped-busy");
    await policy(busy.slug, { rate: 1, dailyCap: 50 });
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => ingestPredictions(systemContext(t.db), { model: busy.slug, predictions: rows(`z${n}`, 40) })));
    expect(results.every((r) => r.accepted === 40)).toBe(true);
    expect(await t.db.$count(labellingItems, eq(labellingItems.modelId, busy.id))).toBe(50);
  });

  it("sends the overlap share of what the cap let through to two annotators, by the draw below the item's own probability", async () => {
    const model = await createBinaryModel(t.db, "capped-overlap");
    await policy(model.slug, { rate: 0.5, dailyCap: 40, overlapShare: 0.5 });
    const batch = rows("o", 400);
    await ingest(model.slug, batch);
    // By hand: the 40 lowest draws of the candidates, each at π = the 41st draw; two annotators
    // when draw < π × 0.5, about half of them (the rate alone would have sent all 40 twice).
    const draws = batch.map((r) => ({ id: r.id, draw: samplingDraw(model.id, r.id) })).filter((c) => c.draw < 0.5).sort((a, b) => a.draw - b.draw);
    const pi = draws[40]!.draw;
    const twice = draws.slice(0, 40).filter((c) => c.draw < pi * 0.5).map((c) => c.id).sort();
    const stored = await t.db.execute<{ external_id: string; labels_needed: number; inclusion_probability: number }>(sql`
      select p.external_id, i.labels_needed, i.inclusion_probability from labelling_items i join predictions p on p.id = i.id where i.model_id = ${model.id}::uuid`);
    expect(stored.map((s) => s.external_id).sort()).toEqual(draws.slice(0, 40).map((c) => c.id).sort());
    expect(stored.every((s) => s.inclusion_probability === pi)).toBe(true);
    expect(stored.filter((s) => s.labels_needed === 2).map((s) => s.external_id).sort()).toEqual(twice);
    expect(twice.length).toBeGreaterThan(8);
    expect(twice.length).toBeLessThan(32);
  });
});
