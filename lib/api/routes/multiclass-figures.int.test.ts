import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { setSamplingPolicy } from "@/lib/services/labelling";
import { refreshRollups } from "@/lib/services/metrics";
import { perClassFigures } from "@/lib/metrics/per-class";
import { wilsonInterval } from "@/lib/stats/wilson";
import { seededRandom } from "@/lib/stats/seeded-random";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createKey } from "@/test/api";
import { predictionsRoute } from "./predictions";
import { claimRoute, labelsRoute } from "./labelling";
import { modelMetricsRoute } from "./metrics";

// The model page's multiclass figures (class shares, the k × k confusion matrix, per-class
// precision and recall, ground-truth and sampled accuracy), for random data sets sent through
// the API, against the same figures counted here from the raw rows.

let t: TestDatabase;
let key: string;
beforeAll(async () => {
  t = await createTestDatabase();
  key = await createKey(t.db, ["ingest", "read", "label"]);
});
afterAll(async () => t.drop());

type Row = { id: string; label: string; probabilities: Record<string, number>; actual?: string };
const DAY = "2026-04-01";

function dataSet(seed: number) {
  const random = seededRandom(seed);
  const k = 3 + Math.floor(random() * 3);
  const classes = Array.from({ length: k }, (_, i) => `class-${seed}-${String.fromCharCode(97 + i)}`);
  // Skewed shares; with some seeds the last class is never predicted (its precision has no n).
  const weights = classes.map((_, i) => (i === k - 1 && seed % 2 === 0 ? 0 : 1 / (i + 1)));
  const pick = () => {
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < k; i++) if ((r -= weights[i]!) < 0) return i;
    return 0;
  };
  const n = 60 + Math.floor(random() * 240);
  const rows: Row[] = Array.from({ length: n }, (_, i) => {
    const predicted = pick();
    const raw = classes.map((_, c) => (c === predicted ? 2 + random() : random()));
    const sum = raw.reduce((a, b) => a + b, 0);
    const probabilities = Object.fromEntries(classes.map((c, j) => [c, raw[j]! / sum]));
    const truth = random() < 0.6 ? (random() < 0.7 ? predicted : Math.floor(random() * k)) : null;
    return { id: `r-${i}`, label: classes[predicted]!, probabilities, ...(truth === null ? {} : { actual: classes[truth]! }) };
  });
  return { slug: `multi-${seed}`, classes, rows, random };
}

async function send(route: (r: Request) => Promise<Response>, body: unknown) {
  const res = await call(route, { key, body });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json!;
}

describe("a multiclass model's figures", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`match counts from the raw rows (data set ${seed})`, { timeout: 60_000 }, async () => {
      const { slug, classes, rows, random } = dataSet(seed);
      await createModel(systemContext(t.db), { slug, name: slug, task: "multiclass", classes });
      // Every prediction goes to the labelling queue, so the sampled accuracy is unweighted.
      await setSamplingPolicy(systemContext(t.db), { slug, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
      const stamped = rows.map((r, i) => ({
        id: r.id,
        timestamp: new Date(Date.parse(`${DAY}T00:00:00Z`) + i * 60_000).toISOString(),
        label: r.label,
        probabilities: r.probabilities,
        features: { n: i },
        ...(r.actual ? { actual: { label: r.actual } } : {}),
      }));
      await send(predictionsRoute({ db: () => t.db }), { model: slug, predictions: stamped });

      // Annotators label some of the queue through the API, right about four times in five.
      const claimed = (await send(claimRoute({ db: () => t.db }), { model: slug, limit: 40 })).items as { itemId: string; predictionId: string }[];
      const given = claimed.map((c) => {
        const row = rows.find((r) => r.id === c.predictionId)!;
        return { itemId: c.itemId, predicted: row.label, label: random() < 0.8 ? row.label : classes[Math.floor(random() * classes.length)]! };
      });
      await send(labelsRoute({ db: () => t.db }), { labels: given.map(({ itemId, label }) => ({ itemId, label })) });
      await refreshRollups(t.db);

      const url = `http://x/m?from=${DAY}T00:00:00Z&to=2026-04-02T00:00:00Z&bucket=day`;
      const res = await modelMetricsRoute({ db: () => t.db, sessionUser: async () => null })(new Request(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ model: slug }) });
      expect(res.status).toBe(200);
      const body = await res.json();

      // Class shares: each class's share of the predictions, with its Wilson interval.
      const [day] = body.series;
      for (const c of classes) {
        const predicted = rows.filter((r) => r.label === c).length;
        expect(day.classShare[c]?.value ?? 0).toBeCloseTo(predicted / rows.length, 12);
        if (predicted) expect(day.classShare[c]).toMatchObject({ n: rows.length, low: wilsonInterval(predicted, rows.length)!.low, high: wilsonInterval(predicted, rows.length)!.high });
      }

      // The k × k confusion matrix: rows the actual class, columns the predicted one.
      const withTruth = rows.filter((r) => r.actual);
      const expected = classes.map((actual) => classes.map((predicted) => withTruth.filter((r) => r.actual === actual && r.label === predicted).length));
      expect(body.distributions.confusion).toEqual({ classes, counts: expected });

      // Per-class precision and recall, as the page shows them.
      const figures = perClassFigures(body.distributions.confusion);
      classes.forEach((c, i) => {
        const right = withTruth.filter((r) => r.actual === c && r.label === c).length;
        const predictedAs = withTruth.filter((r) => r.label === c).length;
        const actually = withTruth.filter((r) => r.actual === c).length;
        expect(figures[i]).toMatchObject({ label: c, support: actually, predicted: predictedAs });
        if (predictedAs) expect(figures[i]!.precision!.value).toBeCloseTo(right / predictedAs, 12);
        else expect(figures[i]!.precision).toBeNull();
        if (actually) expect(figures[i]!.recall!.value).toBeCloseTo(right / actually, 12);
        else expect(figures[i]!.recall).toBeNull();
      });

      // Ground-truth accuracy with its coverage, and sampled accuracy from the labelling queue.
      const correct = withTruth.filter((r) => r.actual === r.label).length;
      expect(body.totals.groundTruthAccuracy).toMatchObject({ n: withTruth.length });
      expect(body.totals.groundTruthAccuracy.value).toBeCloseTo(correct / withTruth.length, 12);
      expect(body.totals.groundTruthAccuracy.coverage).toBeCloseTo(withTruth.length / rows.length, 12);
      const agreed = given.filter((g) => g.label === g.predicted).length;
      expect(body.totals.sampledAccuracy).toMatchObject({ n: given.length });
      expect(body.totals.sampledAccuracy.value).toBeCloseTo(agreed / given.length, 12);
      const wilson = wilsonInterval(agreed, given.length)!;
      expect(body.totals.sampledAccuracy.low).toBeCloseTo(wilson.low, 9);
      expect(body.totals.sampledAccuracy.high).toBeCloseTo(wilson.high, 9);
    });
  }
});
