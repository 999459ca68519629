import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { systemContext } from "@/lib/services/context";
import { createUser } from "@/lib/services/users/create-user";
import { ingestPredictions } from "@/lib/services/ingest/ingest-predictions";
import { setSamplingPolicy } from "@/lib/services/labelling/set-sampling-policy";
import { refreshRollups } from "@/lib/services/metrics/refresh-rollups";
import { getModelMetrics } from "@/lib/services/metrics/get-model-metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
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
});
afterAll(async () => t.drop());

describe("the demo's labels", () => {
  it("label seven in ten of the old items with truth, with the e-mail's true class, once", async () => {
    const eligible = await t.db.execute<{ id: number; external_id: string; actual_label: string }>(sql`
      select p.id, p.external_id, p.actual_label from predictions p
      where p.external_id like 'old-%' and p.id % 10 < 7 order by p.id`);
    expect(await seedDemoLabels(t.db)).toBe(eligible.length);
    expect(eligible.length).toBeGreaterThan(20);

    const items = await t.db.execute<{ external_id: string; status: string; label: string | null; annotator: string | null }>(sql`
      select p.external_id, i.status::text, i.label, l.annotator
      from labelling_items i join predictions p on p.id = i.id left join labels l on l.item_id = i.id order by p.id`);
    const labelled = items.filter((i) => i.status === "labelled");
    expect(labelled.map((i) => i.external_id)).toEqual(eligible.map((e) => e.external_id));
    expect(labelled.map((i) => i.label)).toEqual(eligible.map((e) => e.actual_label));
    expect(new Set(labelled.map((i) => i.annotator))).toEqual(new Set([DEMO_ANNOTATOR_EMAIL]));
    // Recent items, and items without truth, wait in the queue.
    expect(items.filter((i) => /^(recent|untold)-/.test(i.external_id)).every((i) => i.status === "open")).toBe(true);
    expect(await seedDemoLabels(t.db)).toBe(0);
  });

  it("give the model page a sampled accuracy with its n", async () => {
    await refreshRollups(t.db);
    const m = await getModelMetrics(systemContext(t.db), "spam-filter", { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), bucket: "day" });
    const right = await t.db.execute<{ n: number; correct: number }>(sql`
      select count(*)::int as n, (count(*) filter (where i.label = 'spam'))::int as correct
      from labelling_items i where i.status = 'labelled'`);
    expect(m.totals.sampledAccuracy).toMatchObject({ n: right[0]!.n, value: right[0]!.correct / right[0]!.n });
  });
});
