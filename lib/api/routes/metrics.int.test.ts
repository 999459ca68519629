import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext, type UserActor } from "@/lib/services/context";
import { refreshRollups } from "@/lib/services/metrics";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey, createRegressionModel } from "@/test/api";
import { setSamplingPolicy } from "@/lib/services/labelling";
import { claimRoute, labelsRoute } from "./labelling";
import { modelMetricsRoute, modelSlicesRoute } from "./metrics";
import { prometheusRoute } from "./prometheus";
import { eq } from "drizzle-orm";
import { models } from "@/lib/db/schema";

let t: TestDatabase;
let session: UserActor | null = null;
const deps = () => ({ db: () => t.db, sessionUser: async () => session });

beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam-filter");
  await createBinaryModel(t.db, "quiet");
  const now = Date.now();
  const predictions = Array.from({ length: 10 }, (_, i) => ({
    id: `p${i}`,
    timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
    score: i < 3 ? 0.9 : 0.1,
    label: i < 3 ? "spam" : "ham",
    features: { length: 100 + i },
  }));
  await ingestPredictions(systemContext(t.db), { model: "spam-filter", predictions });
  await refreshRollups(t.db);
});
afterAll(async () => t.drop());

async function get<P>(route: (r: Request, c: { params: Promise<P> }) => Promise<Response>, url: string, params: P, key?: string) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const response = await route(new Request(url, { headers }), { params: Promise.resolve(params) });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("GET /api/v1/models/{model}/metrics", () => {
  it("answers a key with the read permission, with the same figures as the service", async () => {
    const key = await createKey(t.db, ["read"]);
    const res = await get(modelMetricsRoute(deps()), "http://x/api/v1/models/spam-filter/metrics?bucket=hour", { model: "spam-filter" }, key);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ model: "spam-filter", task: "binary", bucket: "hour", totals: { volume: 10, positiveRate: { value: 0.3, n: 10 } } });
  });

  it("answers a signed-in person without a key, and refuses nobody", async () => {
    const route = modelMetricsRoute(deps());
    session = null;
    expect((await get(route, "http://x/m", { model: "spam-filter" })).status).toBe(401);
    session = { type: "user", id: "u", email: "v@x", name: "V", role: "viewer" };
    const res = await get(route, "http://x/m", { model: "spam-filter" });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).totals.volume).toBe(10);
  });

  it("answers 400 for a bad query, 403 for a key of another model, 404 for an unknown model", async () => {
    const route = modelMetricsRoute(deps());
    const key = await createKey(t.db, ["read"]);
    const bad = await get(route, "http://x/m?bucket=week", { model: "spam-filter" }, key);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: "invalid_input", message: "bucket: must be hour or day" });
    const scoped = await createKey(t.db, ["read"], ["quiet"]);
    expect((await get(route, "http://x/m", { model: "spam-filter" }, scoped)).status).toBe(403);
    expect((await get(route, "http://x/m", { model: "nope" }, key)).status).toBe(404);
  });

  it("splits by version with ?segment=version, and answers 400 for a segment the model does not declare", async () => {
    const route = modelMetricsRoute(deps());
    const key = await createKey(t.db, ["read"]);
    const split = await get(route, "http://x/m?bucket=hour&segment=version", { model: "spam-filter" }, key);
    expect(split.status).toBe(200);
    const body = JSON.parse(split.text);
    expect(body).toMatchObject({ segment: "version", markers: [], segmentsRebuilding: null });
    // These predictions name no version.
    expect(body.segments).toMatchObject([{ value: "(none)", volume: 10, totals: { volume: 10, positiveRate: { value: 0.3, n: 10 } } }]);
    for (const segment of ["feature:length", "length", "feature:"]) {
      const bad = await get(route, `http://x/m?segment=${encodeURIComponent(segment)}`, { model: "spam-filter" }, key);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text)).toMatchObject({ error: "invalid_input", message: expect.stringContaining("segment") });
    }
  });
});

describe("GET /api/v1/models/{model}/slices", () => {
  it("answers a reader with the slices (none without segment features), and 400 for a bad query", async () => {
    const key = await createKey(t.db, ["read"]);
    const route = modelSlicesRoute(deps());
    const ok = await get(route, "http://x/api/v1/models/spam-filter/slices", { model: "spam-filter" }, key);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ model: "spam-filter", basis: "groundTruth", minN: 30, slices: [], tooSmall: 0 });
    for (const query of ["basis=sampled", "basis=x", "minN=0", "from=yesterday"]) {
      const bad = await get(route, `http://x/s?${query}`, { model: "spam-filter" }, key);
      expect(bad.status, query).toBe(400);
      expect(JSON.parse(bad.text).error).toBe("invalid_input");
    }
    expect((await get(route, "http://x/s", { model: "nope" }, key)).status).toBe(404);
  });
});

describe("GET /api/v1/metrics", () => {
  it("writes the latest figures in Prometheus text format, leaving out figures without data", async () => {
    const key = await createKey(t.db, ["read"]);
    const res = await get(prometheusRoute(deps()), "http://x/api/v1/metrics", {} as Record<string, never>, key);
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/plain; version=0.0.4");
    expect(res.text).toContain('# TYPE vigil_predictions gauge\nvigil_predictions{model="quiet",window="24h"} 0\nvigil_predictions{model="spam-filter",window="24h"} 10\n');
    expect(res.text).toContain('vigil_positive_rate{model="spam-filter",window="24h"} 0.3\n');
    // mean of max(p, 1 − p) = 0.9 for every row
    expect(res.text).toContain('vigil_estimated_accuracy{model="spam-filter",window="24h"} 0.9');
    expect(res.text).not.toContain('vigil_positive_rate{model="quiet"');
    expect(res.text).not.toContain("vigil_ground_truth_accuracy");
  });

  it("says coverage is 0 while predictions wait for ground truth, in the JSON and in the scrape", async () => {
    const key = await createKey(t.db, ["read"]);
    const json = await get(modelMetricsRoute(deps()), "http://x/m?bucket=hour", { model: "spam-filter" }, key);
    const body = JSON.parse(json.text) as { totals: { groundTruthAccuracy: unknown }; series: { volume: number; groundTruthAccuracy: unknown }[] };
    const none = { value: null, low: null, high: null, n: 0, coverage: 0, provisional: true };
    expect(body.totals.groundTruthAccuracy).toEqual(none);
    expect(body.series.filter((p) => p.volume > 0).every((p) => JSON.stringify(p.groundTruthAccuracy) === JSON.stringify(none))).toBe(true);
    // A bucket without predictions has nothing to cover.
    expect(body.series.filter((p) => p.volume === 0).every((p) => p.groundTruthAccuracy === null)).toBe(true);

    const scrape = await get(prometheusRoute(deps()), "http://x/api/v1/metrics", {} as Record<string, never>, key);
    expect(scrape.text).toContain('# HELP vigil_ground_truth_coverage Share of predictions with ground truth\n# TYPE vigil_ground_truth_coverage gauge\nvigil_ground_truth_coverage{model="spam-filter",window="24h"} 0\n');
    expect(scrape.text).not.toContain('vigil_ground_truth_coverage{model="quiet"');
  });

  it("exports a regression model's prediction PSI, coverage and sampled MAE under their own names", async () => {
    await createRegressionModel(t.db, "travel-time");
    await setSamplingPolicy(systemContext(t.db), { slug: "travel-time", rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    const now = Date.now();
    // Six predictions, two with ground truth; annotators label four: errors 1, 2, 3 and 6 minutes.
    const predictions = Array.from({ length: 6 }, (_, i) => ({
      id: `t${i}`,
      timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
      value: 30 + i,
      features: { km: i },
      ...(i < 2 ? { actual: { value: 31 + i } } : {}),
    }));
    await ingestPredictions(systemContext(t.db), { model: "travel-time", predictions });
    await refreshRollups(t.db);
    const labelKey = await createKey(t.db, ["label"]);
    const claimed = await call(claimRoute(deps()), { key: labelKey, body: { model: "travel-time", limit: 4 } });
    const errors = [1, 2, 3, 6];
    const items = claimed.json!.items as { itemId: string; predictionId: string }[];
    const labels = items.map((item, k) => ({ itemId: item.itemId, value: 30 + Number(item.predictionId.slice(1)) + errors[k]! }));
    expect((await call(labelsRoute(deps()), { key: labelKey, body: { labels } })).json).toMatchObject({ accepted: 4 });

    const key = await createKey(t.db, ["read"]);
    const scrapeNow = async () => (await get(prometheusRoute(deps()), "http://x/api/v1/metrics", {} as Record<string, never>, key)).text;
    // Six predictions are below the default drift minimum: a PSI without a verdict is not exported.
    expect(await scrapeNow()).not.toContain('vigil_prediction_psi{model="travel-time"');
    await t.db.update(models).set({ driftMinN: 1 }).where(eq(models.slug, "travel-time"));
    const scrape = await scrapeNow();
    const json = JSON.parse((await get(modelMetricsRoute(deps()), "http://x/m?bucket=hour", { model: "travel-time" }, key)).text);
    expect(json.totals.sampledMae).toMatchObject({ value: 3, n: 4 });
    expect(scrape).toContain("# HELP vigil_prediction_psi Population stability index of the predicted value against the reference window (regression)\n");
    expect(scrape).toMatch(/\nvigil_prediction_psi\{model="travel-time",window="24h"\} [0-9.e-]+\n/);
    expect(scrape).not.toContain('vigil_score_psi{model="travel-time"');
    expect(scrape).toContain('vigil_ground_truth_coverage{model="travel-time",window="24h"} 0.3333333333333333\n');
    expect(scrape).toContain('vigil_sampled_mae{model="travel-time",window="24h"} 3\n');
    expect(scrape).toContain('vigil_sampled_labels{model="travel-time",window="24h"} 4\n');
    expect(scrape).toContain('vigil_mae{model="travel-time",window="24h"} 1\n');
  });
});
