import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { refreshRollups } from "@/lib/services/metrics";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createKey } from "@/test/api";
import { modelMetricsRoute } from "./metrics";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createModel(systemContext(t.db), { slug: "animals", name: "Animals", task: "multiclass", classes: ["cat", "dog", "bird"] });
});
afterAll(async () => t.drop());

describe("metrics of a multiclass model", () => {
  it("gives each class's share with its interval, and the top probability as confidence", async () => {
    const p = (id: string, label: string, top: number, actual?: string) => {
      const rest = (1 - top) / 2;
      const probabilities = { cat: rest, dog: rest, bird: rest, [label]: top };
      return { id, timestamp: "2026-04-01T10:30:00Z", label, probabilities, ...(actual ? { actual: { label: actual } } : {}) };
    };
    await ingestPredictions(systemContext(t.db), { model: "animals", predictions: [p("1", "cat", 0.8, "cat"), p("2", "cat", 0.6, "dog"), p("3", "dog", 0.9), p("4", "bird", 0.5, "bird")] });
    await refreshRollups(t.db);
    const key = await createKey(t.db, ["read"]);
    const response = await modelMetricsRoute({ db: () => t.db, sessionUser: async () => null })(
      new Request("http://x/m?from=2026-04-01T10:00:00Z&to=2026-04-01T11:00:00Z&bucket=hour", { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ model: "animals" }) },
    );
    const body = await response.json();
    const [hour] = body.series;
    expect(hour.positiveRate).toBeUndefined();
    expect(hour.classShare.cat).toMatchObject({ value: 0.5, n: 4 });
    expect(hour.classShare.dog).toMatchObject({ value: 0.25, n: 4 });
    expect(hour.classShare.bird).toMatchObject({ value: 0.25, n: 4 });
    // confidence = mean top probability = (0.8 + 0.6 + 0.9 + 0.5) / 4 = 0.7
    expect(hour.estimatedAccuracy.value).toBeCloseTo(0.7, 12);
    // truth for 3: cat/cat right, dog vs cat wrong, bird/bird right → 2/3
    expect(hour.groundTruthAccuracy).toMatchObject({ value: 2 / 3, n: 3, coverage: 0.75 });
    expect(body.distributions.confusion.classes).toEqual(["cat", "dog", "bird"]);
    expect(body.distributions.confusion.counts).toEqual([[1, 0, 0], [1, 0, 0], [0, 0, 1]]);
  });
});
