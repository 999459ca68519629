import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { metricRollups, metricRollupsDaily, models } from "@/lib/db/schema";
import type { NumericDrift } from "@/lib/metrics/drift";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { updateModelSettings } from "@/lib/services/models";
import { ksTest, psiFromSamples } from "@/lib/stats";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { getModelMetrics } from "./get-model-metrics";
import { refreshRollups } from "./refresh-rollups";

// Drift verdicts read through the service, as the model page and the API get them: the same rows
// in other units, a window below the model's drift minimum, and the rebuild after the upgrade.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);

/** Mulberry32, for repeatable random rows. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** n predictions spread over one UTC day (every ~minute), with the features `features(i)`. */
function day(prefix: string, date: string, n: number, features: (i: number) => Record<string, unknown>) {
  const start = Date.parse(`${date}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    timestamp: new Date(start + Math.floor((i * 86_400_000) / n)).toISOString(),
    score: 0.5,
    label: "ham",
    features: features(i),
  }));
}

async function setReference(slug: string, from: string, to: string) {
  await t.db.update(models).set({ referenceFrom: new Date(from), referenceTo: new Date(to) }).where(eq(models.slug, slug));
}

describe("drift read from the rollups", () => {
  it("gives the same PSI, KS D, p-value and verdict for x, 1000·x and x + 1000, close to the exact figures", async () => {
    await createBinaryModel(t.db, "units");
    await setReference("units", "2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z");
    // A ratio in [0.05, 0.16] (what fine bins squeezed into a handful of bins), moved a little.
    const next = random(17);
    const reference = Array.from({ length: 3000 }, () => 0.05 + 0.11 * next());
    const current = Array.from({ length: 2000 }, () => 0.05 + 0.11 * next() ** 1.25);
    const features = (x: number) => ({ ratio: x, ratio_per_mille: 1000 * x, ratio_offset: x + 1000 });
    await ingestPredictions(ctx(), { model: "units", predictions: [...day("r", "2026-05-01", 3000, (i) => features(reference[i]!)), ...day("c", "2026-05-10", 2000, (i) => features(current[i]!))] });
    await refreshRollups(t.db);

    const m = await getModelMetrics(ctx(), "units", { from: "2026-05-10T00:00:00Z", to: "2026-05-11T00:00:00Z", bucket: "day" });
    const [plain, scaled, offset] = ["ratio", "ratio_per_mille", "ratio_offset"].map((name) => m.drift.features.find((f) => f.name === name) as NumericDrift);
    for (const other of [scaled!, offset!]) {
      expect(other.psi).toBeCloseTo(plain!.psi!, 9);
      expect(other.ks).toBeCloseTo(plain!.ks!, 9);
      expect(other.pValue).toBeCloseTo(plain!.pValue!, 9);
      expect(other.severity).toBe(plain!.severity);
      expect(other.distribution!.bins.map((b) => [b.reference, b.current])).toEqual(plain!.distribution!.bins.map((b) => [expect.closeTo(b.reference, 9), expect.closeTo(b.current, 9)]));
    }
    const exactPsi = psiFromSamples(reference, current)!;
    const exact = ksTest(reference, current)!;
    expect(Math.abs(plain!.psi! - exactPsi)).toBeLessThanOrEqual(Math.max(0.02, 0.1 * exactPsi));
    expect(Math.abs(plain!.ks! - exact.d)).toBeLessThanOrEqual(0.01);
    expect(exactPsi).toBeGreaterThan(0.05);
    // Bins at the feature's own scale, labelled so that neighbours differ.
    const labels = plain!.distribution!.bins.map((b) => b.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toMatch(/^< 0\.0\d\d$/);
  });

  it("calls a window below the model's drift minimum `insufficient`, never significant", async () => {
    await createBinaryModel(t.db, "thin");
    await setReference("thin", "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z");
    const reference = day("r", "2026-06-01", 300, (i) => ({ length: 100 + (i % 50), domain: i % 2 ? "a.org" : "b.org" }));
    // One prediction, far from anything the reference holds: PSI ≈ 8 on every feature.
    const current = [{ id: "c-0", timestamp: "2026-06-10T12:00:00Z", score: 0.99, label: "spam", features: { length: 9000, domain: "z.org" } }];
    await ingestPredictions(ctx(), { model: "thin", predictions: [...reference, ...current] });
    await refreshRollups(t.db);
    const query = { from: "2026-06-10T00:00:00Z", to: "2026-06-11T00:00:00Z", bucket: "day" };

    const m = await getModelMetrics(ctx(), "thin", query);
    expect(m.drift.minN).toBe(100);
    expect(m.drift.features.map((f) => [f.name, f.severity, f.n, f.referenceN])).toEqual([
      ["domain", "insufficient", 1, 300],
      ["length", "insufficient", 1, 300],
    ]);
    expect(m.drift.features.every((f) => f.psi! > 5)).toBe(true);
    expect(m.drift.score).toMatchObject({ severity: "insufficient", n: 1, referenceN: 300 });

    // With the minimum at 1 (an admin's choice, audited), the same window is judged.
    const admin = systemContext(t.db, "test");
    await updateModelSettings(admin, { slug: "thin", referenceFrom: "2026-06-01", referenceTo: "2026-06-02", labelMaturityDays: 7, driftMinN: 1 });
    const judged = await getModelMetrics(ctx(), "thin", query);
    expect(judged.drift.features.map((f) => f.severity)).toEqual(["significant", "significant"]);
  });

  it("does not call a feature stable when its constant reference moves", async () => {
    await createBinaryModel(t.db, "constant");
    await setReference("constant", "2026-07-01T00:00:00Z", "2026-07-02T00:00:00Z");
    await ingestPredictions(ctx(), {
      model: "constant",
      predictions: [...day("r", "2026-07-01", 200, () => ({ version: 3 })), ...day("c", "2026-07-10", 200, (i) => ({ version: i % 4 === 0 ? 3 : 4 }))],
    });
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "constant", { from: "2026-07-10T00:00:00Z", to: "2026-07-11T00:00:00Z", bucket: "day" });
    // PSI has two bins, (−∞, 3) and [3, ∞), and sees nothing; KS D is the 75% that moved.
    expect(m.drift.features[0]).toMatchObject({ name: "version", psi: 0, ks: 0.75, severity: "significant" });
  });
});

describe("rollups of the old shape after the upgrade", () => {
  it("are rebuilt from the raw rows; until then drift says so instead of mixing old and new", async () => {
    await createBinaryModel(t.db, "upgraded");
    await setReference("upgraded", "2026-08-01T00:00:00Z", "2026-08-02T00:00:00Z");
    const next = random(4);
    await ingestPredictions(ctx(), {
      model: "upgraded",
      predictions: [...day("r", "2026-08-01", 600, () => ({ length: Math.floor(100 + 900 * next()) })), ...day("c", "2026-08-03", 600, () => ({ length: Math.floor(600 + 900 * next()) }))],
    });
    await refreshRollups(t.db);
    const query = { from: "2026-08-01T00:00:00Z", to: "2026-08-04T00:00:00Z", bucket: "day" };
    const before = await getModelMetrics(ctx(), "upgraded", query);
    expect(before.drift.features[0]).toMatchObject({ name: "length", severity: "significant" });

    // As an install upgraded from fine bins has them: version 1, numeric features as bins.
    const [model] = await t.db.select().from(models).where(eq(models.slug, "upgraded"));
    const oldShape = { score: new Array(100).fill(0), predicted: { ham: 25 }, confusion: {}, residuals: {}, features: { length: { type: "numeric", bins: { "200": 25 }, count: 25, sum: 9 } } };
    await t.db.update(metricRollups).set({ distributionsVersion: 1, distributions: oldShape as never }).where(eq(metricRollups.modelId, model!.id));
    await t.db.update(metricRollupsDaily).set({ distributionsVersion: 1, distributions: oldShape as never }).where(eq(metricRollupsDaily.modelId, model!.id));
    // The migration's own statement marks every hour that has a rollup.
    const migration = fs.readFileSync(path.join(process.cwd(), "drizzle", "0010_drift_sketches_and_minimum.sql"), "utf8");
    const marking = migration.split("--> statement-breakpoint").map((s) => s.trim()).find((s) => s.includes('INSERT INTO "rollup_dirty_buckets"'))!;
    await t.db.execute(sql.raw(marking.replace(/^(--.*\n)+/, "")));

    const hours = (await t.db.select().from(metricRollups).where(eq(metricRollups.modelId, model!.id))).length;
    const during = await getModelMetrics(ctx(), "upgraded", query);
    expect(during.drift).toMatchObject({ rebuilding: { done: 0, total: hours }, features: [], score: null });
    expect(during.pendingBuckets).toBe(hours);
    expect(during.totals.volume).toBe(1200);

    await refreshRollups(t.db, { modelId: model!.id, maxBuckets: 5, batch: 5 });
    expect((await getModelMetrics(ctx(), "upgraded", query)).drift).toMatchObject({ rebuilding: { done: 5, total: hours }, features: [] });

    await refreshRollups(t.db);
    const after = await getModelMetrics(ctx(), "upgraded", query);
    expect(after.drift.rebuilding).toBeNull();
    expect(after.drift).toEqual(before.drift);
  });
});
