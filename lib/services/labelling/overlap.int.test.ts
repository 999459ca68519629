import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, labellingItems, labels } from "@/lib/db/schema";
import { createDatabase } from "@/lib/db/connect";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { getModelMetrics } from "@/lib/services/metrics";
import { samplingDraw } from "@/lib/labelling/sampling";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { setSamplingPolicy } from "./set-sampling-policy";
import { claimNextItem } from "./claim-next-item";
import { submitLabel } from "./submit-label";
import { getLabellingProgress } from "./get-labelling-progress";
import { getLabellingReview } from "./get-labelling-review";
import { resolveReview } from "./resolve-review";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const policy = (slug: string, rate: number, overlapShare: number) => ({ slug, rate, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10, overlapShare });

/** A binary model whose predictions (all "spam") are sampled under the given rate and overlap share. */
async function overlapModel(slug: string, count: number, rate = 1, overlapShare = 1) {
  const model = await createBinaryModel(t.db, slug);
  await setSamplingPolicy(systemContext(t.db), policy(slug, rate, overlapShare));
  const predictions = Array.from({ length: count }, (_, i) => ({ id: `${slug}-${i}`, timestamp: new Date(Date.UTC(2026, 2, 2, 10, 0, i)).toISOString(), score: 0.9, label: "spam", features: { n: i } }));
  await ingestPredictions(systemContext(t.db), { model: slug, predictions });
  return model;
}

async function label(ctx: ServiceContext, model: string, answer: string): Promise<string | null> {
  const item = await claimNextItem(ctx, { model });
  if (!item) return null;
  await submitLabel(ctx, { itemId: item.itemId, label: answer });
  return item.predictionId;
}

describe("overlap", () => {
  it("sends the policy's share of sampled items to two annotators, decided by the draw at ingest", async () => {
    const model = await overlapModel("share", 300, 0.6, 0.25);
    const items = await t.db.select({ id: labellingItems.id, needed: labellingItems.labelsNeeded }).from(labellingItems).where(eq(labellingItems.modelId, model.id));
    // Sampled when draw < 0.6; of those, overlap when draw < 0.6 × 0.25 = 0.15.
    const draws = Array.from({ length: 300 }, (_, i) => samplingDraw(model.id, `share-${i}`));
    expect(items.length).toBe(draws.filter((d) => d < 0.6).length);
    expect(items.filter((i) => i.needed === 2).length).toBe(draws.filter((d) => d < 0.15).length);
    expect(items.filter((i) => i.needed === 2).length).toBeGreaterThan(0);
  });

  it("gives an overlap item to two different annotators, settles agreement, sends disagreement to review, and uses the final label", async () => {
    await overlapModel("twice", 3);
    const [ada, bob, cy] = [await actingAs(t.db, "annotator", "ada@test.local"), await actingAs(t.db, "annotator", "bob@test.local"), await actingAs(t.db, "annotator")];
    const range = { from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z", bucket: "day" };

    // Ada labels all three (newest first), and then has nothing left; Bob still has three.
    expect(await label(ada, "twice", "spam")).toBe("twice-2");
    expect(await label(ada, "twice", "ham")).toBe("twice-1");
    expect(await label(ada, "twice", "ham")).toBe("twice-0");
    expect(await claimNextItem(ada, { model: "twice" })).toBeNull();
    expect(await getLabellingProgress(ada, { model: "twice" })).toMatchObject({ remaining: 0 });
    expect(await getLabellingProgress(bob, { model: "twice" })).toMatchObject({ remaining: 3 });
    // The planning window (7 days before "now", 2026-03-05) counts settled labels only: none yet.
    expect(await getLabellingProgress(bob, { model: "twice" }, new Date("2026-03-05T00:00:00Z"))).toMatchObject({ windowLabels: 0 });
    // One label each: nothing is settled, so sampled accuracy has no labels yet.
    expect((await getModelMetrics(systemContext(t.db), "twice", range)).totals.sampledAccuracy).toBeNull();

    // Bob: agrees on twice-2 (spam) and twice-0 (ham), disagrees on twice-1 (spam against ham).
    expect(await label(bob, "twice", "spam")).toBe("twice-2");
    expect(await label(bob, "twice", "spam")).toBe("twice-1");
    expect(await label(bob, "twice", "ham")).toBe("twice-0");
    expect(await claimNextItem(cy, { model: "twice" })).toBeNull();
    const status = async (id: string) => (await t.db.execute<{ status: string; label: string | null }>(
      `select i.status, i.label from labelling_items i join predictions p on p.id = i.id where p.external_id = '${id}'`))[0];
    expect(await status("twice-2")).toEqual({ status: "labelled", label: "spam" });
    expect(await status("twice-1")).toEqual({ status: "review", label: null });
    expect(await status("twice-0")).toEqual({ status: "labelled", label: "ham" });

    // The model predicted spam everywhere: right on twice-2, wrong on twice-0; twice-1 waits.
    expect((await getModelMetrics(systemContext(t.db), "twice", range)).totals.sampledAccuracy).toMatchObject({ value: 0.5, n: 2 });
    expect(await getLabellingProgress(cy, { model: "twice" }, new Date("2026-03-05T00:00:00Z"))).toMatchObject({ windowLabels: 2 });
    expect(await getLabellingProgress(cy, { model: "twice" }, new Date("2026-03-10T00:00:00Z"))).toMatchObject({ windowLabels: 0 });

    // Agreement: ada–bob, ada's side first: (spam, spam), (ham, spam), (ham, ham). p_o = 2/3;
    //   ada spam 1, ham 2; bob spam 2, ham 1; p_e = (1·2 + 2·1)/9 = 4/9; κ = (2/3 − 4/9)/(5/9) = 0.4.
    const approver = await actingAs(t.db, "approver");
    const review = await getLabellingReview(approver, "twice");
    expect(review.agreement.pairs).toHaveLength(1);
    expect(review.agreement.pairs[0]).toMatchObject({ annotators: ["ada@test.local", "bob@test.local"], n: 3, disagreements: 1 });
    expect(review.agreement.pairs[0]!.kappa).toBeCloseTo(0.4, 12);
    expect(review.agreement.overall!.kappa).toBeCloseTo(0.4, 12);
    expect(review.waiting).toBe(1);
    expect(review.settled).toBe(0);
    expect(review.review).toHaveLength(1);
    expect(review.review[0]).toMatchObject({ predictionId: "twice-1", labels: [{ annotator: "ada@test.local", label: "ham" }, { annotator: "bob@test.local", label: "spam" }] });

    // Annotators and viewers may not decide; an approver sets ham, audited; a second decision is refused.
    const itemId = review.review[0]!.itemId;
    for (const ctx of [ada, await actingAs(t.db, "viewer")]) {
      await expect(resolveReview(ctx, { itemId, label: "ham" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(getLabellingReview(ctx, "twice")).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(resolveReview(approver, { itemId, label: "maybe" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await resolveReview(approver, { itemId, label: "ham" })).toEqual({ itemId, label: "ham" });
    await expect(resolveReview(approver, { itemId, label: "spam" })).rejects.toMatchObject({ code: "conflict", message: "This item has its final label already." });
    expect(await status("twice-1")).toEqual({ status: "labelled", label: "ham" });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "labelling.review_resolved"), eq(auditLog.targetId, itemId)));
    expect(audit).toMatchObject({ actorLabel: approver.actor.email, details: { final: "ham", labels: [{ annotator: "ada@test.local", label: "ham" }, { annotator: "bob@test.local", label: "spam" }] } });

    // The final label is what sampled accuracy uses: spam was wrong on twice-1 too.
    expect((await getModelMetrics(systemContext(t.db), "twice", range)).totals.sampledAccuracy).toMatchObject({ value: 1 / 3, n: 3 });
    // Both labels stay: the agreement is unchanged, and nothing waits.
    const after = await getLabellingReview(approver, "twice");
    expect(after.agreement.pairs[0]).toMatchObject({ n: 3 });
    expect(after.waiting).toBe(0);
    // The one disagreement the kappa counts is the one settled: the review box and the card agree.
    expect(after.agreement.overall).toMatchObject({ disagreements: 1 });
    expect(after.settled).toBe(1);
    expect(await t.db.$count(labels, eq(labels.itemId, Number(itemId)))).toBe(2);
  });

  it("has eight concurrent annotators give every overlap item exactly two labels, from two different people", async () => {
    const model = await overlapModel("crowd", 40);
    const annotators = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const db = createDatabase(t.url, { max: 1 });
        return { db, actor: (await actingAs(t.db, "annotator")).actor } as ServiceContext;
      }),
    );
    try {
      // Everyone labels until nothing is left for them: each item gets exactly two labels, from two people.
      await Promise.all(annotators.map(async (ctx, i) => {
        while (await label(ctx, model.slug, i % 2 ? "spam" : "ham")) { /* next */ }
      }));
      const rows = await t.db.execute<{ item_id: string; n: number; people: number }>(`
        select item_id::text, count(*)::int as n, count(distinct user_id)::int as people from labels where model_id = '${model.id}' and undone_at is null group by item_id`);
      expect(rows.length).toBe(40);
      expect(rows.every((r) => r.n === 2 && r.people === 2)).toBe(true);
      expect(await t.db.$count(labellingItems, and(eq(labellingItems.modelId, model.id), eq(labellingItems.status, "open")))).toBe(0);
    } finally {
      await Promise.all(annotators.map((a) => (a.db as ReturnType<typeof createDatabase>).$client.end()));
    }
  });
});
