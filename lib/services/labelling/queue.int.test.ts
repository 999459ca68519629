import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { labellingItems, labellingSkips, labels, type Model } from "@/lib/db/schema";
import { createDatabase } from "@/lib/db/connect";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { setSamplingPolicy } from "./set-sampling-policy";
import { claimNextItem } from "./claim-next-item";
import { submitLabel } from "./submit-label";
import { renewClaim } from "./renew-claim";
import { skipItem } from "./skip-item";
import { undoLastLabel } from "./undo-last-label";
import { getLabellingProgress } from "./get-labelling-progress";
import { listLabellingQueues } from "./list-labelling-queues";
import { getLabellingQueue } from "./get-labelling-queue";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const MINUTE = 60_000;

/** A model whose every prediction is sampled, with `count` items in its queue. */
async function modelWithItems(slug: string, count: number, options: { regression?: boolean; showPrediction?: boolean } = {}): Promise<Model> {
  const model = options.regression ? await createRegressionModel(t.db, slug) : await createBinaryModel(t.db, slug);
  await setSamplingPolicy(systemContext(t.db), { slug, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: options.showPrediction ?? false, leaseMinutes: 10 });
  const predictions = Array.from({ length: count }, (_, i) => ({
    id: `${slug}-${i}`,
    timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
    features: { subject: `<b>Offer ${i}</b>`, links: i },
    ...(options.regression ? { value: 30 + i } : { score: 0.9, label: "spam" }),
  }));
  await ingestPredictions(systemContext(t.db), { model: slug, predictions });
  return model;
}

describe("claiming", () => {
  it("gives eight concurrent annotators different items until the queue of 200 is empty", async () => {
    const model = await modelWithItems("busy", 200);
    // Each annotator on a database connection of their own, as eight browsers would be.
    const annotators = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const db = createDatabase(t.url, { max: 1 });
        const { actor } = await actingAs(t.db, "annotator");
        return { db, actor } as ServiceContext;
      }),
    );
    try {
      const claimed = await Promise.all(
        annotators.map(async (ctx) => {
          const mine: string[] = [];
          for (;;) {
            const item = await claimNextItem(ctx, { model: model.slug });
            if (!item) return mine;
            mine.push(item.itemId);
            await submitLabel(ctx, { itemId: item.itemId, label: mine.length % 2 ? "spam" : "ham" });
          }
        }),
      );
      const all = claimed.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(200);
      const ids = await t.db.select({ id: labellingItems.id }).from(labellingItems).where(eq(labellingItems.modelId, model.id));
      expect(new Set(all)).toEqual(new Set(ids.map((i) => String(i.id))));
      // The work was shared, not done by one.
      expect(claimed.filter((c) => c.length > 0).length).toBeGreaterThan(1);
      expect(await t.db.$count(labels, eq(labels.modelId, model.id))).toBe(200);
    } finally {
      await Promise.all(annotators.map((a) => (a.db as ReturnType<typeof createDatabase>).$client.end()));
    }
  });

  it("gives a person their running claim again, and hands an expired claim to someone else", async () => {
    const model = await modelWithItems("lease", 1);
    const ada = await actingAs(t.db, "annotator");
    const bob = await actingAs(t.db, "admin");
    const start = new Date();
    const first = await claimNextItem(ada, { model: model.slug }, start);
    expect(first).not.toBeNull();
    expect(new Date(first!.claimExpiresAt).getTime()).toBe(start.getTime() + 10 * MINUTE);
    // A reload shows the same item; nobody else gets it while the lease runs.
    expect((await claimNextItem(ada, { model: model.slug }, new Date(start.getTime() + MINUTE)))!.itemId).toBe(first!.itemId);
    expect(await claimNextItem(bob, { model: model.slug }, new Date(start.getTime() + 5 * MINUTE))).toBeNull();

    // Ada walks away; after the lease the item is back in the queue.
    const later = new Date(start.getTime() + 12 * MINUTE);
    const second = await claimNextItem(bob, { model: model.slug }, later);
    expect(second!.itemId).toBe(first!.itemId);
    await expect(renewClaim(ada, { itemId: first!.itemId }, later)).rejects.toMatchObject({ code: "conflict", message: "Your claim on this item ran out and someone else holds it now." });
    await expect(submitLabel(ada, { itemId: first!.itemId, label: "ham" }, later)).rejects.toMatchObject({
      code: "conflict",
      message: "Someone else holds this item now, so your label was not saved.",
    });
    const renewed = await renewClaim(bob, { itemId: first!.itemId }, new Date(later.getTime() + 3 * MINUTE));
    expect(renewed.claimExpiresAt).toBe(new Date(later.getTime() + 13 * MINUTE).toISOString());
    expect(await submitLabel(bob, { itemId: first!.itemId, label: "ham" }, new Date(later.getTime() + 4 * MINUTE))).toEqual({ duplicate: false });
  });

  it("shows the features, and the model's prediction only when the policy says so", async () => {
    const hidden = await modelWithItems("hidden", 1);
    const shown = await modelWithItems("shown", 1, { showPrediction: true });
    const ada = await actingAs(t.db, "annotator");
    const a = await claimNextItem(ada, { model: hidden.slug });
    expect(a).toMatchObject({ predictionId: "hidden-0", features: { subject: "<b>Offer 0</b>", links: 0 }, prediction: null });
    const b = await claimNextItem(ada, { model: shown.slug });
    expect(b!.prediction).toMatchObject({ label: "spam", score: 0.9 });
    expect(await getLabellingQueue(ada, { model: shown.slug })).toMatchObject({ model: { slug: "shown", classes: ["ham", "spam"] }, showPrediction: true, leaseMinutes: 10 });
  });

  it("is for annotators and admins only", async () => {
    const model = await modelWithItems("closed", 1);
    for (const role of ["viewer", "approver"] as const) {
      const ctx = await actingAs(t.db, role);
      await expect(claimNextItem(ctx, { model: model.slug })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listLabellingQueues(ctx)).rejects.toMatchObject({ code: "forbidden" });
      await expect(undoLastLabel(ctx, { model: model.slug })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(claimNextItem(await actingAs(t.db, "annotator"), { model: "nope" })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("labelling", () => {
  it("counts a label submitted twice once, and refuses a different second answer", async () => {
    const model = await modelWithItems("twice", 1);
    const ada = await actingAs(t.db, "annotator");
    const item = await claimNextItem(ada, { model: model.slug });
    expect(await submitLabel(ada, { itemId: item!.itemId, label: "spam" })).toEqual({ duplicate: false });
    expect(await submitLabel(ada, { itemId: item!.itemId, label: "spam" })).toEqual({ duplicate: true });
    expect(await t.db.$count(labels, eq(labels.itemId, Number(item!.itemId)))).toBe(1);
    await expect(submitLabel(ada, { itemId: item!.itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict", message: "You labelled this item spam already; undo that label to change it." });
    const [stored] = await t.db.select().from(labellingItems).where(eq(labellingItems.id, Number(item!.itemId)));
    expect(stored).toMatchObject({ status: "labelled", label: "spam", claimExpiresAt: null });
  });

  it("refuses a label for an item someone else holds, and one someone else gave", async () => {
    const model = await modelWithItems("held", 1);
    const ada = await actingAs(t.db, "annotator");
    const bob = await actingAs(t.db, "annotator");
    const item = await claimNextItem(ada, { model: model.slug });
    await expect(submitLabel(bob, { itemId: item!.itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict", message: "Someone else holds this item now, so your label was not saved." });
    await submitLabel(ada, { itemId: item!.itemId, label: "ham" });
    await expect(submitLabel(bob, { itemId: item!.itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict", message: "Someone else has labelled this item already." });
  });

  it("checks the label against the model: one of its classes, or a number for regression", async () => {
    const model = await modelWithItems("classes", 1);
    const eta = await modelWithItems("eta", 1, { regression: true });
    const ada = await actingAs(t.db, "annotator");
    const item = await claimNextItem(ada, { model: model.slug });
    await expect(submitLabel(ada, { itemId: item!.itemId, label: "eggs" })).rejects.toMatchObject({ code: "invalid_input", message: "The label must be one of the model's classes: ham, spam." });
    await expect(submitLabel(ada, { itemId: item!.itemId })).rejects.toMatchObject({ code: "invalid_input" });
    const minutes = await claimNextItem(ada, { model: eta.slug });
    await expect(submitLabel(ada, { itemId: minutes!.itemId, label: "spam" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await submitLabel(ada, { itemId: minutes!.itemId, value: 41.5 })).toEqual({ duplicate: false });
    const [stored] = await t.db.select().from(labellingItems).where(eq(labellingItems.id, Number(minutes!.itemId)));
    expect(stored).toMatchObject({ value: 41.5, label: null });
    await expect(submitLabel(ada, { itemId: "not-an-id", label: "spam" })).rejects.toMatchObject({ code: "invalid_input", message: "itemId: This item does not exist." });
  });

  it("undoes the last label within a minute, giving the item back to the same person, and not after", async () => {
    const model = await modelWithItems("undo", 3);
    const ada = await actingAs(t.db, "annotator");
    const t0 = new Date();
    const first = await claimNextItem(ada, { model: model.slug }, t0);
    await submitLabel(ada, { itemId: first!.itemId, label: "spam" }, t0);
    expect(await getLabellingProgress(ada, { model: model.slug }, t0)).toMatchObject({ labelledToday: 1, remaining: 2 });
    const second = await claimNextItem(ada, { model: model.slug }, t0);

    const undone = await undoLastLabel(ada, { model: model.slug }, new Date(t0.getTime() + 50_000));
    expect(undone.item.itemId).toBe(first!.itemId);
    expect(undone.undone).toEqual({ label: "spam", value: null });
    expect(await getLabellingProgress(ada, { model: model.slug }, t0)).toMatchObject({ labelledToday: 0, remaining: 3 });
    // Back in Ada's hands, and the item she was looking at went back to the queue.
    expect((await claimNextItem(ada, { model: model.slug }, new Date(t0.getTime() + 51_000)))!.itemId).toBe(first!.itemId);
    const [other] = await t.db.select().from(labellingItems).where(eq(labellingItems.id, Number(second!.itemId)));
    expect(other!.claimedByUser).toBeNull();
    const [kept] = await t.db.select().from(labels).where(eq(labels.itemId, Number(first!.itemId)));
    expect(kept!.undoneAt).not.toBeNull();

    const t1 = new Date(t0.getTime() + 60_000);
    await submitLabel(ada, { itemId: first!.itemId, label: "ham" }, t1);
    await expect(undoLastLabel(ada, { model: model.slug }, new Date(t1.getTime() + 61_000))).rejects.toMatchObject({
      code: "conflict",
      message: "Your last label is more than a minute old, so it can no longer be undone.",
    });
    expect(await t.db.$count(labels, and(eq(labels.itemId, Number(first!.itemId)), isNull(labels.undoneAt)))).toBe(1);
    const bob = await actingAs(t.db, "annotator");
    await expect(undoLastLabel(bob, { model: model.slug })).rejects.toMatchObject({ code: "conflict", message: "There is no label of yours to undo on this model." });
  });

  it("skips with a reason: the item goes to someone else, never back to the skipper", async () => {
    const model = await modelWithItems("skips", 1);
    const ada = await actingAs(t.db, "annotator");
    const bob = await actingAs(t.db, "annotator");
    const item = await claimNextItem(ada, { model: model.slug });
    await expect(skipItem(ada, { itemId: item!.itemId, reason: "other" })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { note: ["Say why you skip it"] } });
    await skipItem(ada, { itemId: item!.itemId, reason: "unclear_input" });
    await skipItem(ada, { itemId: item!.itemId, reason: "unclear_input" });
    expect(await t.db.$count(labellingSkips, eq(labellingSkips.itemId, Number(item!.itemId)))).toBe(1);
    expect(await claimNextItem(ada, { model: model.slug })).toBeNull();
    expect(await getLabellingProgress(ada, { model: model.slug })).toMatchObject({ remaining: 0 });
    expect((await listLabellingQueues(ada)).map((q) => q.slug)).not.toContain("skips");
    expect((await listLabellingQueues(bob)).find((q) => q.slug === "skips")).toMatchObject({ queued: 1, name: "skips" });
    const theirs = await claimNextItem(bob, { model: model.slug });
    expect(theirs!.itemId).toBe(item!.itemId);
    await expect(skipItem(ada, { itemId: item!.itemId, reason: "cannot_judge" })).rejects.toMatchObject({ code: "conflict" });
  });
});
