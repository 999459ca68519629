import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSamplingPolicy, claimNextItem, submitLabel, undoLastLabel } from "@/lib/services/labelling";
import { samplingDraw } from "@/lib/labelling/sampling";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { getModelMetrics } from "./get-model-metrics";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** Claims the annotator's next item and gives it `label`; returns the prediction's id. */
async function labelNext(ctx: ServiceContext, model: string, answer: (predictionId: string) => string, now: Date): Promise<string> {
  const item = await claimNextItem(ctx, { model }, now);
  if (!item) throw new Error("the queue is empty");
  await submitLabel(ctx, { itemId: item.itemId, label: answer(item.predictionId) }, now);
  return item.predictionId;
}

describe("sampled accuracy in the metrics", () => {
  it("weights each label by 1/π per bucket and in total, with a Wilson interval at Kish's effective n (worked by hand)", async () => {
    const model = await createBinaryModel(t.db, "strat");
    // Spam predictions are all sampled (π = 1), ham ones at π = 0.5.
    await setSamplingPolicy(systemContext(t.db), { slug: "strat", rate: 0.5, stratifyBy: "predicted_class", stratumRates: { spam: 1, ham: 0.5 }, dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    // Ham ids whose draw is below 0.5 (so sampled), and one above it (not sampled).
    const candidates = Array.from({ length: 40 }, (_, i) => `ham-${i}`);
    const sampledHam = candidates.filter((id) => samplingDraw(model.id, id) < 0.5).slice(0, 2);
    const unsampledHam = candidates.find((id) => samplingDraw(model.id, id) >= 0.5)!;
    await ingestPredictions(systemContext(t.db), {
      model: "strat",
      predictions: [
        { id: "spam-1", timestamp: "2026-03-02T10:10:00Z", score: 0.9, label: "spam" },
        { id: "spam-2", timestamp: "2026-03-02T10:20:00Z", score: 0.8, label: "spam" },
        { id: sampledHam[0]!, timestamp: "2026-03-02T11:10:00Z", score: 0.2, label: "ham" },
        { id: sampledHam[1]!, timestamp: "2026-03-02T11:20:00Z", score: 0.1, label: "ham" },
        { id: unsampledHam, timestamp: "2026-03-02T11:30:00Z", score: 0.1, label: "ham" },
        // Sampled but left unlabelled: an open item counts for nothing.
        { id: "spam-3", timestamp: "2026-03-02T11:40:00Z", score: 0.7, label: "spam" },
      ].map((p) => ({ ...p, features: { length: 1 } })),
    });
    const annotator = await actingAs(t.db, "annotator");
    const now = new Date("2026-03-03T09:00:00Z");
    // The humans: both spam predictions right; one ham right, one wrong.
    const human: Record<string, string> = { "spam-1": "spam", "spam-2": "spam", [sampledHam[0]!]: "ham", [sampledHam[1]!]: "spam" };
    const before = await getModelMetrics(systemContext(t.db), "strat", { from: "2026-03-02T10:00:00Z", to: "2026-03-02T12:00:00Z", bucket: "hour" });
    expect(before.totals.sampledAccuracy).toBeNull();
    expect(before.series.map((p) => p.sampledAccuracy)).toEqual([null, null]);

    // The queue hands out the newest prediction first: spam-3, which the annotator calls spam.
    const labelled: string[] = [];
    for (let i = 0; i < 5; i++) labelled.push(await labelNext(annotator, "strat", (id) => human[id] ?? "spam", now));
    expect(labelled[0]).toBe("spam-3");
    expect(labelled.slice(1).sort()).toEqual(Object.keys(human).sort());
    const m = await getModelMetrics(systemContext(t.db), "strat", { from: "2026-03-02T10:00:00Z", to: "2026-03-02T12:00:00Z", bucket: "hour" });
    const [h10, h11] = m.series;
    // 10:00: spam-1 and spam-2 both right, equal weights: the plain Wilson interval of 2 of 2.
    expect(h10!.sampledAccuracy).toMatchObject({ value: 1, n: 2, effectiveN: 2 });
    // Wilson(2, 2): centre (2 + 1.9208)/5.8416 = 0.671152, half 1.96/5.8416·√0.9604 = 0.328814 → 0.342372 to 1
    expect(h10!.sampledAccuracy!.low).toBeCloseTo(0.342372, 5);
    expect(h10!.sampledAccuracy!.high).toBe(1);
    // 11:00: two ham (π 0.5, weight 2; one right) and spam-3 (π 1, weight 1, right):
    //   value = (2 + 1) / (2 + 2 + 1) = 0.6, n_eff = 5² / (4 + 4 + 1) = 25/9 = 2.777778
    expect(h11!.sampledAccuracy).toMatchObject({ value: expect.closeTo(0.6, 12), n: 3, effectiveN: expect.closeTo(25 / 9, 12) });
    // The range: spam-1, spam-2, spam-3 right (weight 1 each), ham right (2), ham wrong (2):
    //   value = (1 + 1 + 1 + 2) / 7 = 0.714286, n_eff = 7² / (1 + 1 + 1 + 4 + 4) = 49/11 = 4.454545
    //   Wilson at n = 4.454545, successes 3.181818, z² = 3.8416:
    //     centre = (3.181818 + 1.9208) / 8.296145 = 0.615059
    //     half   = 1.96/8.296145 · √(4.454545·0.714286·0.285714 + 0.9604) = 0.236254 · √1.869491 = 0.323029
    //   → 0.292030 to 0.938088
    expect(m.totals.sampledAccuracy).toMatchObject({ value: expect.closeTo(5 / 7, 12), n: 5, effectiveN: expect.closeTo(49 / 11, 12) });
    expect(m.totals.sampledAccuracy!.low).toBeCloseTo(0.292030, 5);
    expect(m.totals.sampledAccuracy!.high).toBeCloseTo(0.938088, 5);

    // A daily bucket holds the same labels as the range.
    const daily = await getModelMetrics(systemContext(t.db), "strat", { from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z", bucket: "day" });
    expect(daily.series[0]!.sampledAccuracy).toEqual(m.totals.sampledAccuracy);
  });

  it("counts a label once it stands: an undone label leaves the figure", async () => {
    await createBinaryModel(t.db, "undo");
    await setSamplingPolicy(systemContext(t.db), { slug: "undo", rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    await ingestPredictions(systemContext(t.db), { model: "undo", predictions: [1, 2].map((i) => ({ id: `u-${i}`, timestamp: `2026-03-02T10:0${i}:00Z`, score: 0.9, label: "spam", features: {} })) });
    const annotator = await actingAs(t.db, "annotator");
    const now = new Date();
    const range = { from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z", bucket: "day" };
    await labelNext(annotator, "undo", () => "spam", now);
    await labelNext(annotator, "undo", () => "ham", now);
    expect((await getModelMetrics(systemContext(t.db), "undo", range)).totals.sampledAccuracy).toMatchObject({ value: 0.5, n: 2 });
    await undoLastLabel(annotator, { model: "undo" }, now);
    expect((await getModelMetrics(systemContext(t.db), "undo", range)).totals.sampledAccuracy).toMatchObject({ value: 1, n: 1 });
  });

  it("gives regression models no sampled accuracy", async () => {
    await createRegressionModel(t.db, "eta");
    await setSamplingPolicy(systemContext(t.db), { slug: "eta", rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    await ingestPredictions(systemContext(t.db), { model: "eta", predictions: [{ id: "e-1", timestamp: "2026-03-02T10:00:00Z", value: 30, features: {} }] });
    const annotator = await actingAs(t.db, "annotator");
    const item = await claimNextItem(annotator, { model: "eta" });
    await submitLabel(annotator, { itemId: item!.itemId, value: 31 });
    const m = await getModelMetrics(systemContext(t.db), "eta", { from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z", bucket: "day" });
    expect(m.totals).not.toHaveProperty("sampledAccuracy");
    expect(m.series[0]).not.toHaveProperty("sampledAccuracy");
  });
});
