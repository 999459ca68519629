import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { alerts, models, monitors } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { getModelMetrics, refreshRollups } from "@/lib/services/metrics";
import { ingestPredictions } from "@/lib/services/ingest";
import { claimNextItem, setSamplingPolicy, submitLabel } from "@/lib/services/labelling";
import { countOpenAlerts } from "@/lib/services/monitors";
import { EXPORTED_METRICS, toPrometheus } from "@/lib/metrics/prometheus";
import { Random } from "@/lib/simulation/random";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createKey } from "@/test/api";
import { prometheusRoute } from "./prometheus";

// The scrape reads every model's figures at once (one statement per kind of figure, not a
// metrics read per model): it must say exactly what the model pages' own read says, series by
// series, for models of every task, with versions, features, labels, ground truth and alerts.

let t: TestDatabase;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CLASSES = ["easy_ham", "hard_ham", "spam"];
type Task = "binary" | "multiclass" | "regression";

/** `n` predictions over [from, to) ms ago; `shift` moves the current window's features and scores (drift). */
function predictions(task: Task, random: Random, prefix: string, n: number, agoFrom: number, agoTo: number, shift: number) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const at = now - agoFrom + Math.floor(random.next() * (agoFrom - agoTo));
    const x = Math.round(random.normal(50 + shift * 10, 10));
    const base = { id: `${prefix}-${i}`, timestamp: new Date(at).toISOString(), version: random.pick([["v1", 2], ["v2", 1]] as const), features: { x, lang: random.pick([["en", 3], ["fr", 1 + shift]] as const), flag: random.chance(0.5) } };
    if (task === "regression") {
      const value = x * 2 + Math.round(random.normal(0, 3));
      return { ...base, value, ...(random.chance(0.5) ? { actual: { value: value + Math.round(random.normal(0, 4)) } } : {}) };
    }
    if (task === "multiclass") {
      const label = random.pick([["easy_ham", 5], ["hard_ham", 3], ["spam", 2 + shift * 2]] as const);
      return { ...base, probabilities: Object.fromEntries(CLASSES.map((c) => [c, c === label ? 0.7 : 0.15])), label, ...(random.chance(0.4) ? { actual: { label: random.chance(0.8) ? label : "spam" } } : {}) };
    }
    const score = Math.min(1, Math.max(0, Math.round((random.next() * 0.8 + shift * 0.2) * 20) / 20));
    const label = score >= 0.5 ? "spam" : "ham";
    return { ...base, score, label, ...(random.chance(0.4) ? { actual: { label: random.chance(0.85) ? label : label === "spam" ? "ham" : "spam" } } : {}) };
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const system = systemContext(t.db, "test");
  const annotator = await actingAs(t.db, "annotator");
  const plan: { slug: string; task: Task; current: number; reference: number }[] = [
    { slug: "a-spam", task: "binary", current: 240, reference: 300 },
    { slug: "b-mail", task: "multiclass", current: 200, reference: 260 },
    { slug: "c-price", task: "regression", current: 220, reference: 280 },
    // Below the drift minimum in the current window: no drift figures.
    { slug: "d-few", task: "binary", current: 30, reference: 200 },
    // Nothing at all.
    { slug: "e-empty", task: "binary", current: 0, reference: 0 },
    // Only old data: no predictions in the window, drift against nothing.
    { slug: "f-old", task: "regression", current: 0, reference: 150 },
    { slug: "g-spam-too", task: "binary", current: 180, reference: 120 },
  ];
  for (const [index, m] of plan.entries()) {
    const classes = m.task === "binary" ? { classes: ["ham", "spam"], positiveClass: "spam" } : m.task === "multiclass" ? { classes: CLASSES } : {};
    await createModel(system, { slug: m.slug, name: m.slug, task: m.task, ...classes });
    await setSamplingPolicy(system, { slug: m.slug, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    const random = new Random(index + 11);
    const rows = [...predictions(m.task, random, "ref", m.reference, 8 * DAY, 2 * DAY, 0), ...predictions(m.task, random, "cur", m.current, 20 * HOUR, 5 * 60_000, 1)];
    if (rows.length) await ingestPredictions(system, { model: m.slug, predictions: rows });
    // Humans label a few predictions (the newest first): sampled accuracy and sampled MAE.
    for (let i = 0; i < Math.min(12, rows.length); i++) {
      const item = await claimNextItem(annotator, { model: m.slug });
      if (!item) break;
      await submitLabel(annotator, m.task === "regression" ? { itemId: item.itemId, value: 40 + i * 7 } : { itemId: item.itemId, label: m.task === "binary" ? (i % 3 ? "spam" : "ham") : CLASSES[i % 3]! });
    }
  }
  // An explicit reference window on one model (the others take their first 7 days).
  await t.db.update(models).set({ referenceFrom: new Date(Date.now() - 6 * DAY), referenceTo: new Date(Date.now() - 3 * DAY), driftMinN: 50 }).where(eq(models.slug, "g-spam-too"));
  await refreshRollups(t.db);

  const [spam] = await t.db.select().from(models).where(eq(models.slug, "a-spam"));
  const [price] = await t.db.select().from(models).where(eq(models.slug, "c-price"));
  const monitor = (modelId: string, name: string) => ({ modelId, name, metric: "volume" as const, window: "1h", comparison: "below" as const, threshold: 1, minN: 0, severity: "critical" as const, policy: "notify" as const });
  const [a, b] = await t.db.insert(monitors).values([monitor(spam!.id, "a"), monitor(price!.id, "b")]).returning();
  await t.db.insert(alerts).values([
    { monitorId: a!.id, modelId: spam!.id, severity: "critical", state: "firing", firedAt: new Date() },
    { monitorId: b!.id, modelId: price!.id, severity: "warning", state: "firing", firedAt: new Date() },
  ]);
}, 120_000);
afterAll(async () => t.drop());

async function scrape(key: string) {
  const response = await prometheusRoute({ db: () => t.db, sessionUser: async () => null })(new Request("http://x/api/v1/metrics", { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({}),
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** What the scrape wrote before it read all models at once: each model's own metrics read, in slug order. */
async function perModelScrape(slugs: string[]) {
  const to = new Date();
  const from = new Date(to.getTime() - DAY);
  const figures = [];
  for (const slug of slugs) figures.push(await getModelMetrics(systemContext(t.db), slug, { from: from.toISOString(), to: to.toISOString(), bucket: "hour" }));
  return toPrometheus(figures, "24h", await countOpenAlerts(t.db, slugs));
}

/** Each sample line as [series, value]; HELP and TYPE lines kept whole. */
const samples = (text: string) => text.split("\n").map((line) => (line.startsWith("#") ? [line, 0] as const : [line.slice(0, line.lastIndexOf(" ")), Number(line.slice(line.lastIndexOf(" ") + 1))] as const));

/**
 * Same series in the same order, and the same values. Sums of floating-point numbers may be
 * added in another order by PostgreSQL (labels' groups come unordered), so values agree to
 * 12 significant digits rather than to the last bit.
 */
function expectSameSeries(actual: string, expected: string) {
  const [a, e] = [samples(actual), samples(expected)];
  expect(a.map(([series]) => series)).toEqual(e.map(([series]) => series));
  a.forEach(([series, value], i) => {
    const want = e[i]![1];
    if (Math.abs(value - want) > 1e-12 * Math.max(1, Math.abs(want))) expect(`${series} ${value}`).toBe(`${series} ${want}`);
  });
}

describe("GET /api/v1/metrics reads all models at once", () => {
  it("writes every series the per-model reads wrote, with the same values, for every task", async () => {
    const text = await scrape(await createKey(t.db, ["read"]));
    const slugs = ["a-spam", "b-mail", "c-price", "d-few", "e-empty", "f-old", "g-spam-too"];
    expectSameSeries(text, await perModelScrape(slugs));
    // The data set reaches every series the scrape can write.
    for (const name of Object.keys(EXPORTED_METRICS)) expect(text).toContain(`# TYPE ${name} gauge`);
    expect(text).toContain('vigil_feature_ks{model="a-spam",window="24h",feature="x"}');
    expect(text).toContain('vigil_feature_psi{model="b-mail",window="24h",feature="lang"}');
    expect(text).not.toContain('vigil_feature_psi{model="d-few"');
  });

  it("does the same for a key scoped to some models", async () => {
    const text = await scrape(await createKey(t.db, ["read"], ["c-price", "a-spam"]));
    expectSameSeries(text, await perModelScrape(["a-spam", "c-price"]));
    expect(text).not.toContain("b-mail");
  });
});
