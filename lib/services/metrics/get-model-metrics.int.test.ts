import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { metricRollups, models, rollupDirtyBuckets } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions, recordGroundTruth } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { getModelMetrics } from "./get-model-metrics";
import { refreshRollups } from "./refresh-rollups";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
  await createRegressionModel(t.db, "eta");
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);
/** Wilson score interval, written out: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n). */
function wilson(k: number, n: number) {
  const z = 1.96;
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return { low: (centre - half) / denominator, high: (centre + half) / denominator };
}

describe("model metrics from rollups", () => {
  it("computes each hour's figures as DESIGN.md defines them", async () => {
    // 10:00–11:00: 4 predictions, 3 positive; scores 0.9, 0.8, 0.7, 0.1. 11:00–12:00: 2, 0 positive.
    const rows = [
      { id: "h10-1", timestamp: "2026-01-05T10:05:00Z", score: 0.9, label: "spam", actual: { label: "spam" } },
      { id: "h10-2", timestamp: "2026-01-05T10:15:00Z", score: 0.8, label: "spam", actual: { label: "ham" } },
      { id: "h10-3", timestamp: "2026-01-05T10:25:00Z", score: 0.7, label: "spam" },
      { id: "h10-4", timestamp: "2026-01-05T10:59:59Z", score: 0.1, label: "ham", actual: { label: "ham" } },
      { id: "h11-1", timestamp: "2026-01-05T11:00:00Z", score: 0.2, label: "ham" },
      { id: "h11-2", timestamp: "2026-01-05T11:30:00Z", score: 0.4, label: "ham" },
    ].map((r) => ({ ...r, features: { length: 100 } }));
    await ingestPredictions(ctx(), { model: "spam", predictions: rows });
    // A read never aggregates raw rows itself: until the refresher or the job has run, the hours are pending.
    const early = await getModelMetrics(ctx(), "spam", { from: "2026-01-05T10:00:00Z", to: "2026-01-05T13:00:00Z", bucket: "hour" });
    expect(early.pendingBuckets).toBe(2);
    expect(early.totals.volume).toBe(0);
    await refreshRollups(t.db);

    const m = await getModelMetrics(ctx(), "spam", { from: "2026-01-05T10:00:00Z", to: "2026-01-05T13:00:00Z", bucket: "hour" });
    expect(m.series.map((p) => p.start)).toEqual(["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z", "2026-01-05T12:00:00.000Z"]);
    const [h10, h11, h12] = m.series;
    expect(h10!.volume).toBe(4);
    expect(h10!.positiveRate!.value).toBe(0.75);
    expect(h10!.positiveRate!.low).toBeCloseTo(wilson(3, 4).low, 10);
    expect(h10!.positiveRate!.high).toBeCloseTo(wilson(3, 4).high, 10);
    expect(h10!.positiveRate!.n).toBe(4);
    // mean of max(p, 1 − p) = (0.9 + 0.8 + 0.7 + 0.9) / 4 = 0.825
    expect(h10!.estimatedAccuracy).toEqual({ value: expect.closeTo(0.825, 12), n: 4 });
    // truth for 3 of 4: correct h10-1 and h10-4, wrong h10-2 → 2/3, coverage 0.75
    expect(h10!.groundTruthAccuracy).toMatchObject({ value: 2 / 3, n: 3, coverage: 0.75, provisional: false });
    expect(h10!.groundTruthAccuracy!.low).toBeCloseTo(wilson(2, 3).low, 10);
    expect(h11!.positiveRate!.value).toBe(0);
    // Predictions and no ground truth: the figure says so, with coverage 0 (API.md, Metrics out).
    expect(h11!.groundTruthAccuracy).toEqual({ value: null, low: null, high: null, n: 0, coverage: 0, provisional: false });
    // An hour without data has no figures, not zeros.
    expect(h12).toMatchObject({ volume: 0, positiveRate: null, estimatedAccuracy: null, groundTruthAccuracy: null });
    expect(m.totals).toMatchObject({ volume: 6, positiveRate: { value: 0.5, n: 6 } });
    // rows are the actual class, columns the predicted: ham→ham h10-4, ham→spam h10-2, spam→spam h10-1
    expect(m.distributions.confusion).toEqual({ classes: ["ham", "spam"], counts: [[1, 1], [0, 1]] });
    expect(m.pendingBuckets).toBe(0);
  });

  it("brings late ground truth into the hour of its prediction", async () => {
    await recordGroundTruth(ctx(), { model: "spam", actuals: [{ id: "h10-3", label: "spam" }, { id: "h11-1", label: "spam" }] });
    const dirty = await t.db.select().from(rollupDirtyBuckets);
    expect(dirty.map((d) => d.bucketStart.toISOString()).sort()).toEqual(["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z"]);
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "spam", { from: "2026-01-05T10:00:00Z", to: "2026-01-05T12:00:00Z", bucket: "hour" });
    expect(m.series[0]!.groundTruthAccuracy).toMatchObject({ value: 3 / 4, n: 4, coverage: 1 });
    expect(m.series[1]!.groundTruthAccuracy).toMatchObject({ value: 0, n: 1, coverage: 0.5 });
  });

  it("adds hours into days", async () => {
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "spam", { from: "2026-01-05T00:00:00Z", to: "2026-01-06T00:00:00Z", bucket: "day" });
    expect(m.series).toHaveLength(1);
    expect(m.series[0]).toMatchObject({ start: "2026-01-05T00:00:00.000Z", volume: 6, positiveRate: { value: 0.5 } });
  });

  it("marks ground truth younger than the maturity window as provisional", async () => {
    const now = Date.now();
    const recent = new Date(now - 2 * 3600_000).toISOString();
    await ingestPredictions(ctx(), { model: "spam", predictions: [{ id: "recent-1", timestamp: recent, score: 0.9, label: "spam", actual: { label: "spam" } }] });
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "spam", { from: new Date(now - 6 * 3600_000).toISOString(), to: new Date(now).toISOString(), bucket: "hour" });
    const withTruth = m.series.find((p) => p.groundTruthAccuracy);
    expect(withTruth!.groundTruthAccuracy).toMatchObject({ value: 1, provisional: true });
  });

  it("computes MAE, RMSE and mean residual for regression", async () => {
    // residuals (actual − predicted): +5, −2, +3 → MAE 10/3, RMSE √(38/3), mean 2
    await ingestPredictions(ctx(), {
      model: "eta",
      predictions: [
        { id: "e1", timestamp: "2026-02-01T08:10:00Z", value: 30, actual: { value: 35 } },
        { id: "e2", timestamp: "2026-02-01T08:20:00Z", value: 40, actual: { value: 38 } },
        { id: "e3", timestamp: "2026-02-01T08:30:00Z", value: 20, actual: { value: 23 } },
        { id: "e4", timestamp: "2026-02-01T08:40:00Z", value: 25 },
      ],
    });
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "eta", { from: "2026-02-01T08:00:00Z", to: "2026-02-01T09:00:00Z", bucket: "hour" });
    expect(m.series[0]!.mae).toMatchObject({ value: expect.closeTo(10 / 3, 12), n: 3, coverage: 0.75 });
    expect(m.series[0]!.rmse!.value).toBeCloseTo(Math.sqrt(38 / 3), 12);
    expect(m.series[0]!.meanResidual!.value).toBeCloseTo(2, 12);
    expect(m.series[0]!.positiveRate).toBeUndefined();
  });

  it("measures drift against the reference window", async () => {
    const model = (await t.db.select().from(models).where(eq(models.slug, "spam")))[0]!;
    await t.db.update(models).set({ referenceFrom: new Date("2026-03-01T00:00:00Z"), referenceTo: new Date("2026-03-02T00:00:00Z") }).where(eq(models.id, model.id));
    const make = (day: string, i: number, domain: string, length: number) => ({ id: `${day}-${i}`, timestamp: `${day}T12:00:00Z`, score: 0.3, label: "ham", features: { domain, length } });
    // Reference: domains a/b 50/50, lengths 1..200; current: the same lengths, but domain a only.
    const reference = Array.from({ length: 200 }, (_, i) => make("2026-03-01", i, i % 2 ? "a" : "b", i + 1));
    const current = Array.from({ length: 200 }, (_, i) => make("2026-03-10", i, "a", i + 1));
    await ingestPredictions(ctx(), { model: "spam", predictions: [...reference, ...current] });
    await refreshRollups(t.db);
    const m = await getModelMetrics(ctx(), "spam", { from: "2026-03-10T00:00:00Z", to: "2026-03-11T00:00:00Z", bucket: "day" });
    expect(m.drift.reference).toEqual({ from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z", volume: 200 });
    const [first, second] = m.drift.features;
    // domain: reference 0.5/0.5, current 1.0/0 (floored to 1e-4):
    // PSI = (1 − 0.5)·ln(1/0.5) + (1e-4 − 0.5)·ln(1e-4/0.5) = 0.34657 + 4.25823 = 4.6048
    expect(first).toMatchObject({ name: "domain", type: "categorical", severity: "significant" });
    expect((first as { psi: number }).psi).toBeCloseTo(0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 3);
    expect((first as { pValue: number }).pValue).toBeLessThan(1e-10);
    // Two-sample χ² on [[100, 100], [200, 0]]: E = 150, 50 in both rows → 2·50²/150 + 2·50²/50 = 133.33, df 1.
    expect(first).toMatchObject({ chi2: expect.closeTo(400 / 3, 9), df: 1 });
    expect(first!.distribution!.bins).toEqual([
      { label: "a", reference: 0.5, current: 1 },
      { label: "b", reference: 0.5, current: 0 },
    ]);
    // length 1..200 in 12 equal bins between the 1st and 99th percentiles: the same shares now.
    const lengthBins = second!.distribution!.bins;
    expect(lengthBins).toHaveLength(12);
    expect(lengthBins[0]!.label).toMatch(/^< \d+$/);
    for (const bin of lengthBins) expect(bin.current).toBeCloseTo(bin.reference, 12);
    // length: identical distributions → no drift.
    expect(second).toMatchObject({ name: "length", type: "numeric", psi: 0, ks: 0, severity: "none" });
    expect(m.drift.score).toEqual({ psi: 0, severity: "none", n: 200, referenceN: 200 });
    expect(m.drift).toMatchObject({ minN: 100, rebuilding: null });
  });

  it("refreshes only the hours that changed, and refreshing again changes nothing", async () => {
    const before = await t.db.select().from(metricRollups);
    expect(await refreshRollups(t.db)).toBe(0);
    const after = await t.db.select().from(metricRollups);
    expect(after.map((r) => [r.bucketStart.toISOString(), r.volume])).toEqual(before.map((r) => [r.bucketStart.toISOString(), r.volume]));
  });

  it("refuses a key without the read permission and explains a bad range", async () => {
    const keyCtx = { db: t.db, actor: { type: "api_key" as const, id: "k", name: "k", permissions: ["ingest" as const], modelIds: null } };
    await expect(getModelMetrics(keyCtx, "spam", {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(getModelMetrics(ctx(), "spam", { from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" })).rejects.toMatchObject({ code: "invalid_input", message: "from: must be before to" });
    await expect(getModelMetrics(ctx(), "nope", {})).rejects.toMatchObject({ code: "not_found" });
  });
});
