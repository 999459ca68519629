import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { systemContext } from "@/lib/services/context";
import { createUser } from "@/lib/services/users";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSamplingPolicy } from "@/lib/services/labelling";
import { refreshRollups, getModelMetrics } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { DEMO_ANNOTATOR_EMAIL, seedDemoLabels } from "./labels";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = systemContext(t.db);
  await createBinaryModel(t.db, "spam-filter");
  await createUser(ctx, { email: DEMO_ANNOTATOR_EMAIL, name: "Demo annotator", role: "annotator", password: "a long enough password 1" });
  await setSamplingPolicy(ctx, { slug: "spam-filter", rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
  const day = 86_400_000;
  // 40 old predictions with truth (every third one wrong), 5 recent ones, 5 old without truth.
  const rows = [
    ...Array.from({ length: 40 }, (_, i) => ({ id: `old-${i}`, timestamp: new Date(Date.now() - 5 * day - i * 60_000).toISOString(), score: 0.9, label: "spam", actual: { label: i % 3 === 0 ? "ham" : "spam" } })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `recent-${i}`, timestamp: new Date(Date.now() - 3600_000 - i * 60_000).toISOString(), score: 0.9, label: "spam", actual: { label: "spam" } })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `untold-${i}`, timestamp: new Date(Date.now() - 5 * day - i * 60_000).toISOString(), score: 0.9, label: "spam" })),
  ];
  await ingestPredictions(ctx, { model: "spam-filter", predictions: rows.map((r) => ({ ...r, features: { length: 1 } })) });
  // The delivery model samples at the default rate; 400 old deliveries, 300 with their real minutes.
  await createRegressionModel(t.db, "delivery-time");
  const deliveries = Array.from({ length: 400 }, (_, i) => ({
    id: `d-${i}`,
    timestamp: new Date(Date.now() - 5 * day - i * 60_000).toISOString(),
    value: 30 + (i % 9),
    features: { km: i % 7 },
    ...(i % 4 ? { actual: { value: 30 + (i % 9) + (i % 5) - 1 } } : {}),
  }));
  await ingestPredictions(ctx, { model: "delivery-time", predictions: deliveries });
});
afterAll(async () => t.drop());

describe("the demo's labels", () => {
  it("label seven in ten of the old items with truth, with the e-mail's true class, once", async () => {
    const eligible = await t.db.execute<{ id: number; external_id: string; actual_label: string }>(sql`
      select p.id, p.external_id, p.actual_label from predictions p
      where p.external_id like 'old-%' and p.id % 10 < 7 order by p.id`);
    const deliveries = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from labelling_items i join predictions p on p.id = i.id
      where p.external_id like 'd-%' and p.actual_value is not null and i.id % 10 < 7`);
    expect(await seedDemoLabels(t.db)).toEqual({ "spam-filter": eligible.length, "mail-triage": 0, "delivery-time": deliveries[0]!.n });
    expect(deliveries[0]!.n).toBeGreaterThan(3);
    expect(eligible.length).toBeGreaterThan(20);

    const items = await t.db.execute<{ external_id: string; status: string; label: string | null; annotator: string | null }>(sql`
      select p.external_id, i.status::text, i.label, l.annotator
      from labelling_items i join predictions p on p.id = i.id left join labels l on l.item_id = i.id
      where p.external_id not like 'd-%' order by p.id`);
    const labelled = items.filter((i) => i.status === "labelled");
    expect(labelled.map((i) => i.external_id)).toEqual(eligible.map((e) => e.external_id));
    expect(labelled.map((i) => i.label)).toEqual(eligible.map((e) => e.actual_label));
    expect(new Set(labelled.map((i) => i.annotator))).toEqual(new Set([DEMO_ANNOTATOR_EMAIL]));
    // Recent items, and items without truth, wait in the queue.
    expect(items.filter((i) => /^(recent|untold)-/.test(i.external_id)).every((i) => i.status === "open")).toBe(true);
    expect(await seedDemoLabels(t.db)).toEqual({ "spam-filter": 0, "mail-triage": 0, "delivery-time": 0 });
  });

  it("give the model page a sampled accuracy with its n", async () => {
    await refreshRollups(t.db);
    const m = await getModelMetrics(systemContext(t.db), "spam-filter", { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), bucket: "day" });
    const right = await t.db.execute<{ n: number; correct: number }>(sql`
      select count(*)::int as n, (count(*) filter (where i.label = 'spam'))::int as correct
      from labelling_items i join models m on m.id = i.model_id where m.slug = 'spam-filter' and i.status = 'labelled'`);
    expect(m.totals.sampledAccuracy).toMatchObject({ n: right[0]!.n, value: right[0]!.correct / right[0]!.n });
  });

  it("give the regression model a sampled MAE: the demo annotator's values are the real minutes", async () => {
    const m = await getModelMetrics(systemContext(t.db), "delivery-time", { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), bucket: "day" });
    const [raw] = await t.db.execute<{ n: number; real: number; mae: number }>(sql`
      select count(*)::int as n, (count(*) filter (where i.value = p.actual_value))::int as real, avg(abs(p.actual_value - p.value)) as mae
      from labelling_items i join predictions p on p.id = i.id join models m on m.id = i.model_id
      where m.slug = 'delivery-time' and i.status = 'labelled'`);
    expect(raw!.real).toBe(raw!.n);
    // One rate for every item: the plain mean of the errors.
    expect(m.totals.sampledMae).toMatchObject({ n: raw!.n, value: expect.closeTo(Number(raw!.mae), 12) });
  });
});
