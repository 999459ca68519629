import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { deployRequests, models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { startRetrainRun, runBuiltInTraining } from "@/lib/services/runs";
import type { GateComparison } from "@/lib/registry/gate";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { DEMO_MODELS } from "./seed";
import { seedDemoHistory } from "./history";
import { seedSpamModel } from "./spam-model";
import { getModelMetrics, getModelSlices, refreshRollups } from "@/lib/services/metrics";
import { NEWSLETTER_DOMAINS } from "@/lib/simulation/corpus-mail";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(models).values(DEMO_MODELS);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

const now = new Date("2026-11-20T10:00:00Z");
const nowIso = now.toISOString();
const DAY = "interval '1 day'";

async function figure<T>(query: ReturnType<typeof sql>): Promise<T> {
  return (await t.db.execute(query))[0] as T;
}

describe("the demo history", () => {
  it("fills 30 days for the three demo models, and the spam filter breaks in the last third", { timeout: 180_000 }, async () => {
    // The spam filter is the built-in model trained on the earlier corpus; the history is real
    // later e-mail it served, so its decay is its own.
    expect(await seedSpamModel(t.db, { now })).toEqual({ trained: "v1" });
    expect(await seedDemoHistory(t.db, { now })).toEqual({ spam: 45_000, delivery: 45_000, triage: 9_000 });

    const perModel = await t.db.execute<{ slug: string; n: number; first: string; last: string }>(sql`
      select m.slug, count(*)::int as n, min(p.predicted_at)::text as first, max(p.predicted_at)::text as last
      from predictions p join models m on m.id = p.model_id group by m.slug order by m.slug`);
    expect(perModel.map((r) => [r.slug, r.n])).toEqual([["delivery-time", 45_000], ["mail-triage", 9_000], ["spam-filter", 45_000]]);
    for (const row of perModel) {
      expect(new Date(row.first).getTime()).toBeGreaterThanOrEqual(now.getTime() - 30 * 86_400_000);
      expect(new Date(row.last).getTime()).toBeLessThan(now.getTime());
    }

    // Early: days 0 to 18, before the decay; decayed: days 23 to 26, v1 on the later mail; recovered: from day 26, v2.
    const spam = await figure<{ early: number; decayed: number; early_accuracy: number; decayed_accuracy: number; recovered_accuracy: number }>(sql`
      select
        avg((label = 'spam')::int) filter (where predicted_at < ${nowIso}::timestamptz - 12 * ${sql.raw(DAY)}) as early,
        avg((label = 'spam')::int) filter (where predicted_at >= ${nowIso}::timestamptz - 7 * ${sql.raw(DAY)} and predicted_at < ${nowIso}::timestamptz - 4 * ${sql.raw(DAY)}) as decayed,
        avg((label = actual_label)::int) filter (where predicted_at < ${nowIso}::timestamptz - 12 * ${sql.raw(DAY)}) as early_accuracy,
        avg((label = actual_label)::int) filter (where predicted_at >= ${nowIso}::timestamptz - 7 * ${sql.raw(DAY)} and predicted_at < ${nowIso}::timestamptz - 4 * ${sql.raw(DAY)}) as decayed_accuracy,
        avg((label = actual_label)::int) filter (where predicted_at >= ${nowIso}::timestamptz - 4 * ${sql.raw(DAY)}) as recovered_accuracy
      from predictions p join models m on m.id = p.model_id where m.slug = 'spam-filter'`);
    expect(Number(spam.early)).toBeGreaterThan(0.27);
    expect(Number(spam.early)).toBeLessThan(0.33);
    expect(Number(spam.decayed)).toBeGreaterThan(0.6);
    expect(Number(spam.early_accuracy)).toBeGreaterThan(0.88);
    expect(Number(spam.decayed_accuracy)).toBeLessThan(Number(spam.early_accuracy) - 0.15);
    expect(Number(spam.recovered_accuracy)).toBeGreaterThan(Number(spam.decayed_accuracy) + 0.15);

    const delivery = await figure<{ early_mae: number; late_mae: number }>(sql`
      select
        avg(abs(actual_value - value)) filter (where predicted_at < ${nowIso}::timestamptz - 10 * ${sql.raw(DAY)}) as early_mae,
        avg(abs(actual_value - value)) filter (where predicted_at >= ${nowIso}::timestamptz - 4 * ${sql.raw(DAY)}) as late_mae
      from predictions p join models m on m.id = p.model_id where m.slug = 'delivery-time'`);
    expect(Number(delivery.late_mae)).toBeGreaterThan(1.5 * Number(delivery.early_mae));
  });

  it("has the mail triage's v1 sort the later mail into three classes, worst on hard ham", async () => {
    const rows = await t.db.execute<{ actual: string; n: number; right: number; predicted_as: number; classes: number }>(sql`
      select p.actual_label as actual, count(*)::int as n, count(*) filter (where p.label = p.actual_label)::int as right,
        (select count(*)::int from predictions q where q.model_id = p.model_id and q.label = p.actual_label) as predicted_as,
        (select count(*)::int from jsonb_object_keys(min(p.probabilities::text)::jsonb)) as classes
      from predictions p join models m on m.id = p.model_id
      where m.slug = 'mail-triage' and p.actual_label is not null group by p.model_id, p.actual_label order by p.actual_label`);
    expect(rows.map((r) => r.actual)).toEqual(["easy-ham", "hard-ham", "spam"]);
    const recall = Object.fromEntries(rows.map((r) => [r.actual, r.right / r.n]));
    for (const r of rows) {
      expect(r.classes).toBe(3);
      expect(r.predicted_as).toBeGreaterThan(0); // v1 predicts every class somewhere
    }
    expect(recall["easy-ham"]).toBeGreaterThan(0.8);
    expect(recall.spam).toBeGreaterThan(0.6);
    expect(recall["hard-ham"]).toBeLessThan(recall["easy-ham"]!);
  });

  it("gives ground truth to a share of the predictions, and none to the last day's", async () => {
    const truth = await figure<{ labelled: number; share: number; last_day: number; regression: number }>(sql`
      select
        count(*) filter (where actual_label is not null)::int as labelled,
        avg((actual_label is not null or actual_value is not null)::int) filter (where predicted_at < ${nowIso}::timestamptz - 3 * ${sql.raw(DAY)}) as share,
        count(*) filter (where (actual_label is not null or actual_value is not null) and predicted_at >= ${nowIso}::timestamptz - ${sql.raw(DAY)})::int as last_day,
        count(*) filter (where actual_value is not null)::int as regression
      from predictions`);
    expect(truth.labelled).toBeGreaterThan(10_000);
    expect(truth.regression).toBeGreaterThan(10_000);
    expect(Number(truth.share)).toBeCloseTo(0.4, 1);
    expect(truth.last_day).toBe(0);
  });

  it("decays in the newsletter senders' domains, and v2, deployed on day 26, recovers them: the slices and the split by version say so", { timeout: 120_000 }, async () => {
    await refreshRollups(t.db);
    const ctx = systemContext(t.db);
    const range = { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: nowIso };
    // "Where it decayed" over the model page's default week: a newsletter domain first, flagged.
    const { slices } = await getModelSlices(ctx, "spam-filter", range);
    expect(slices[0]).toMatchObject({ feature: "sender_domain" });
    expect(NEWSLETTER_DOMAINS).toContain(slices[0]!.value);
    expect(slices[0]!.qValue).toBeLessThan(0.001);
    // From raw rows: each version's accuracy on those domains' predictions with ground truth.
    const byVersion = await t.db.execute<{ version: string; accuracy: number; n: number }>(sql`
      select v.name as version, avg((p.label = p.actual_label)::int)::float8 as accuracy, count(*)::int as n
      from predictions p join models m on m.id = p.model_id join model_versions v on v.id = p.version_id
      where m.slug = 'spam-filter' and p.actual_label is not null and p.features ->> 'sender_domain' in (${sql.join(NEWSLETTER_DOMAINS.map((d) => sql`${d}`), sql`, `)})
      group by 1 order by 1`);
    expect(byVersion.map((r) => r.version)).toEqual(["v1", "v2"]);
    const [v1, v2] = byVersion;
    expect(v1!.n).toBeGreaterThan(300);
    expect(v2!.n).toBeGreaterThan(300);
    expect(v1!.accuracy).toBeLessThan(0.2);
    expect(v2!.accuracy).toBeGreaterThan(0.9);
    // The model page's split by version: the deploy marker on day 26, v2's line above v1's.
    const split = await getModelMetrics(ctx, "spam-filter", { ...range, bucket: "day", segment: "version" });
    expect(split.markers).toEqual([{ at: new Date(now.getTime() - 4 * 86_400_000).toISOString(), type: "deployed", version: "v2" }]);
    const accuracyOf = (version: string) => split.segments!.find((s) => s.value === version)!.totals.groundTruthAccuracy!.value!;
    expect(accuracyOf("v2")).toBeGreaterThan(accuracyOf("v1") + 0.15);
  });

  it("a retrain on the labelled later mail makes a candidate as good as v2 on the same held-out labels", { timeout: 120_000 }, async () => {
    const { run } = await startRetrainRun(systemContext(t.db, "test"), { model: "spam-filter" });
    const result = await runBuiltInTraining(t.db, run.id, { now });
    expect(result.outcome).toBe("succeeded");
    const [request] = await t.db.select().from(deployRequests).where(eq(deployRequests.runId, run.id));
    const { comparison } = request!.evaluation as { comparison: GateComparison };
    expect(comparison.n).toBeGreaterThan(500);
    // v2 (in production since day 26) learnt the later mail already: the retrain adds four days of it.
    expect(comparison.candidate.accuracy).toBeGreaterThan(comparison.production!.accuracy - 0.02);
    expect(request!.status).toBe("pending"); // the demo's policy: one approver decides
  });

  it("reports the sender domains' drift with a two-sample chi-square a person can read", { timeout: 120_000 }, async () => {
    await refreshRollups(t.db);
    const m = await getModelMetrics(systemContext(t.db), "spam-filter", { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: nowIso, bucket: "day" });
    const categorical = m.drift.features.filter((f) => f.type === "categorical");
    expect(categorical.length).toBeGreaterThan(0);
    for (const f of categorical) {
      // χ² of a 2 × k table is at most N·(min(2, k) − 1) = N: never the millions the one-sample
      // test with its 0.5 pseudo-count gave for the demo's new sender domains.
      expect(f.chi2 === null || f.chi2 <= f.n + f.referenceN).toBe(true);
      if (f.chi2 !== null) expect(f.df).toBeGreaterThanOrEqual(1);
    }
  });

  it("has one spam-filter feature arrive empty from day 24, so the model page shows its missing share jump", async () => {
    const empty = await figure<{ before: number; after: number }>(sql`
      select
        avg((features -> 'has_attachment' is null or features -> 'has_attachment' = 'null'::jsonb)::int) filter (where predicted_at < ${nowIso}::timestamptz - 7 * ${sql.raw(DAY)}) as before,
        avg((features -> 'has_attachment' is null or features -> 'has_attachment' = 'null'::jsonb)::int) filter (where predicted_at >= ${nowIso}::timestamptz - 5 * ${sql.raw(DAY)}) as after
      from predictions p join models m on m.id = p.model_id where m.slug = 'spam-filter'`);
    expect(Number(empty.before)).toBe(0);
    expect(Number(empty.after)).toBeGreaterThan(0.5);
    const m = await getModelMetrics(systemContext(t.db), "spam-filter", { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: nowIso, bucket: "day" });
    const attachment = m.drift.features.find((f) => f.name === "has_attachment")!;
    expect(attachment.quality).toMatchObject({ missingJumped: true, reference: { missing: 0 } });
    expect(attachment.quality.missing).toBeGreaterThan(0.4);
    // Only that one: the other features arrive whole.
    expect(m.drift.features.filter((f) => f.quality.missingJumped).map((f) => f.name)).toEqual(["has_attachment"]);
  });

  it("adds nothing when called again", async () => {
    expect(await seedDemoHistory(t.db, { now })).toEqual({ spam: 0, delivery: 0, triage: 0 });
    expect(await t.db.$count(sql`predictions`)).toBe(99_000);
  });
});
