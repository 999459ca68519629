import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog } from "@/lib/db/schema";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { getModelMetrics } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { createBinaryModel } from "@/test/api";
import { setSamplingPolicy } from "./set-sampling-policy";
import { claimNextItem } from "./claim-next-item";
import { submitLabel } from "./submit-label";
import { addGoldItem } from "./add-gold-item";
import { getLabellingReview } from "./get-labelling-review";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const policy = (rate: number) => ({ slug: "gold", rate, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
const goldFirst = () => 0;
const noGold = () => 0.99;

async function label(ctx: ServiceContext, answer: string, random: () => number): Promise<string | null> {
  const item = await claimNextItem(ctx, { model: "gold" }, new Date(), random);
  if (!item) return null;
  await submitLabel(ctx, { itemId: item.itemId, label: answer });
  return item.predictionId;
}

describe("gold items", () => {
  it("are mixed into each annotator's queue once, score the annotators, and never count in sampled accuracy", async () => {
    await createBinaryModel(t.db, "gold");
    const row = (id: string, minute: number) => ({ id, timestamp: `2026-03-02T10:0${minute}:00Z`, score: 0.9, label: "spam", features: { n: minute } });
    // Two predictions outside the sample (rate 0), then two sampled ones (rate 1).
    await setSamplingPolicy(systemContext(t.db), policy(0));
    await ingestPredictions(systemContext(t.db), { model: "gold", predictions: [row("g-1", 1), row("g-2", 2)] });
    await setSamplingPolicy(systemContext(t.db), policy(1));
    await ingestPredictions(systemContext(t.db), { model: "gold", predictions: [row("s-1", 3), row("s-2", 4)] });

    const approver = await actingAs(t.db, "approver");
    const ada = await actingAs(t.db, "annotator", "ada@gold.test");
    const bob = await actingAs(t.db, "annotator", "bob@gold.test");
    await expect(addGoldItem(ada, { slug: "gold", predictionId: "g-1", label: "spam" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addGoldItem(approver, { slug: "gold", predictionId: "nope", label: "spam" })).rejects.toMatchObject({ code: "not_found" });
    await expect(addGoldItem(approver, { slug: "gold", predictionId: "g-1", label: "maybe" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(addGoldItem(approver, { slug: "gold", predictionId: "s-1", label: "spam" })).rejects.toMatchObject({ code: "conflict" });
    const { itemId } = await addGoldItem(approver, { slug: "gold", predictionId: "g-1", label: "spam" });
    await addGoldItem(approver, { slug: "gold", predictionId: "g-2", label: "ham" });
    expect(await t.db.$count(auditLog, and(eq(auditLog.action, "labelling.gold_added"), eq(auditLog.targetId, itemId)))).toBe(1);

    // Ada's claims look for gold first: she gets both (right on one, wrong on the other), then sampled items.
    const adaGot = [await label(ada, "spam", goldFirst), await label(ada, "spam", goldFirst)];
    expect(adaGot.sort()).toEqual(["g-1", "g-2"]);
    expect(await label(ada, "spam", goldFirst)).toBe("s-2");
    // Bob's claims never draw gold: the sampled item, then nothing; then a gold item after all.
    expect(await label(bob, "ham", noGold)).toBe("s-1");
    expect(await claimNextItem(bob, { model: "gold" }, new Date(), noGold)).toBeNull();
    const bobGot = await label(bob, "spam", goldFirst);
    expect(["g-1", "g-2"]).toContain(bobGot);

    const { gold } = await getLabellingReview(approver, "gold");
    expect(gold.items).toEqual([{ predictionId: "g-1", label: "spam", labels: bobGot === "g-1" ? 2 : 1 }, { predictionId: "g-2", label: "ham", labels: bobGot === "g-2" ? 2 : 1 }]);
    // Ada: spam on g-1 (right), spam on g-2 (wrong): 1 of 2. Bob: "spam" on whichever he got.
    const ada2 = gold.annotators.find((a) => a.annotator === "ada@gold.test")!;
    expect(ada2).toMatchObject({ n: 2, correct: 1, accuracy: { value: 0.5, n: 2 } });
    expect(gold.annotators.find((a) => a.annotator === "bob@gold.test")).toMatchObject({ n: 1, correct: bobGot === "g-1" ? 1 : 0 });

    // Sampled accuracy: s-2 (spam, right) and s-1 (ham, wrong); the gold labels are not in it.
    const m = await getModelMetrics(systemContext(t.db), "gold", { from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z", bucket: "day" });
    expect(m.totals.sampledAccuracy).toMatchObject({ value: 0.5, n: 2 });
  });
});
