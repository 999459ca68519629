import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { labellingItems, labellingSkips, labels } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actingAs } from "@/test/actors";
import { call, createBinaryModel, createKey } from "@/test/api";
import { claimRoute, labelsRoute } from "@/lib/api/routes/labelling";
import { setSamplingPolicy } from "./set-sampling-policy";
import { claimNextItem } from "./claim-next-item";
import { submitLabel } from "./submit-label";
import { skipItem } from "./skip-item";

// Issue #13: an annotator or a `label` key could label any open item: one never claimed, one they
// had skipped, one someone else held, one whose claim had run out. Each attack is refused here,
// and nothing is written.

let t: TestDatabase;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const slug of ["mail", "other-mail"]) {
    await createBinaryModel(t.db, slug);
    await setSamplingPolicy(systemContext(t.db), { slug, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
    const predictions = Array.from({ length: 10 }, (_, i) => ({ id: `${slug}-${i}`, score: 0.9, label: "spam", features: { links: i } }));
    await ingestPredictions(systemContext(t.db), { model: slug, predictions });
  }
});
afterAll(async () => t.drop());

const labelCount = async (itemId: string) => t.db.$count(labels, eq(labels.itemId, Number(itemId)));
/** An open item of the model that nobody holds and no test has used yet. */
const openItemOf = async (slug: string, taken: Set<string>) => {
  const rows = await t.db.execute<{ id: string }>(sql`
    select i.id::text from labelling_items i join models m on m.id = i.model_id
    where m.slug = ${slug} and i.status = 'open' and i.claimed_by_user is null and i.claimed_by_key is null order by i.id`);
  const id = rows.map((r) => r.id).find((i) => !taken.has(i))!;
  taken.add(id);
  return id;
};

describe("a person labelling", () => {
  const taken = new Set<string>();

  it("cannot label an item nobody claimed", async () => {
    const eve = await actingAs(t.db, "annotator");
    const itemId = await openItemOf("mail", taken);
    await expect(submitLabel(eve, { model: "mail", itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("You do not hold this item") });
    expect(await labelCount(itemId)).toBe(0);
  });

  it("cannot label an item they skipped", async () => {
    const eve = await actingAs(t.db, "annotator");
    const item = await claimNextItem(eve, { model: "mail" });
    await skipItem(eve, { model: "mail", itemId: item!.itemId, reason: "unclear_input" });
    await expect(submitLabel(eve, { model: "mail", itemId: item!.itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict" });
    expect(await labelCount(item!.itemId)).toBe(0);
  });

  it("cannot label or skip an item someone else holds", async () => {
    const ada = await actingAs(t.db, "annotator");
    const eve = await actingAs(t.db, "annotator");
    const adas = await claimNextItem(ada, { model: "mail" });
    await expect(submitLabel(eve, { model: "mail", itemId: adas!.itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict", message: "Someone else holds this item now, so your label was not saved." });
    await expect(skipItem(eve, { model: "mail", itemId: adas!.itemId, reason: "unclear_input" })).rejects.toMatchObject({ code: "conflict" });
    expect(await labelCount(adas!.itemId)).toBe(0);
    expect(await t.db.$count(labellingSkips, eq(labellingSkips.itemId, Number(adas!.itemId)))).toBe(0);
    // Ada's own label goes through.
    await expect(submitLabel(ada, { model: "mail", itemId: adas!.itemId, label: "spam" })).resolves.toEqual({ duplicate: false });
  });

  it("cannot label or skip with a claim that ran out", async () => {
    const eve = await actingAs(t.db, "annotator");
    const start = new Date();
    const item = await claimNextItem(eve, { model: "mail" }, start);
    const later = new Date(start.getTime() + 11 * MINUTE);
    await expect(submitLabel(eve, { model: "mail", itemId: item!.itemId, label: "ham" }, later)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Your hold on this item ran out") });
    await expect(skipItem(eve, { model: "mail", itemId: item!.itemId, reason: "unclear_input" }, later)).rejects.toMatchObject({ code: "conflict" });
    expect(await labelCount(item!.itemId)).toBe(0);
  });

  it("cannot label an item of another model than the one it names", async () => {
    const eve = await actingAs(t.db, "annotator");
    const item = await claimNextItem(eve, { model: "other-mail" });
    await expect(submitLabel(eve, { model: "mail", itemId: item!.itemId, label: "ham" })).rejects.toMatchObject({ code: "conflict", message: "This item belongs to another model, so your label was not saved." });
    await expect(skipItem(eve, { model: "mail", itemId: item!.itemId, reason: "unclear_input" })).rejects.toMatchObject({ code: "conflict" });
    expect(await labelCount(item!.itemId)).toBe(0);
  });
});

describe("a label key (POST /api/v1/labelling/labels)", () => {
  const taken = new Set<string>();
  const claim = claimRoute({ db: () => t.db });
  const send = labelsRoute({ db: () => t.db });

  it("has every label for an item it does not hold refused, with the reason, and stores nothing", async () => {
    const key = await createKey(t.db, ["label"]);
    const otherKey = await createKey(t.db, ["label"]);
    const [othersItem] = (await call(claim, { key: otherKey, body: { model: "mail", limit: 1 } })).json!.items as { itemId: string }[];
    const [expiring, held] = (await call(claim, { key, body: { model: "mail", limit: 2 } })).json!.items as { itemId: string }[];
    // One lease ends: as if the key had walked away from that item for longer than the lease.
    await t.db.update(labellingItems).set({ claimExpiresAt: new Date(Date.now() - MINUTE) }).where(eq(labellingItems.id, Number(expiring!.itemId)));
    const unclaimed = await openItemOf("mail", taken);

    const res = await call(send, {
      key,
      body: {
        labels: [
          { itemId: unclaimed, label: "ham" },
          { itemId: othersItem!.itemId, label: "ham" },
          { itemId: expiring!.itemId, label: "ham" },
          { itemId: held!.itemId, label: "ham" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      accepted: 1,
      duplicates: 0,
      refused: [
        { itemId: unclaimed, reason: "not claimed by you: claim it first" },
        { itemId: othersItem!.itemId, reason: "claimed by someone else" },
        { itemId: expiring!.itemId, reason: "your claim has expired: claim it again" },
      ],
    });
    for (const id of [unclaimed, othersItem!.itemId, expiring!.itemId]) expect(await labelCount(id)).toBe(0);
    expect(await labelCount(held!.itemId)).toBe(1);
  });

  it("checks `model` when the body names one", async () => {
    const key = await createKey(t.db, ["label"]);
    const [item] = (await call(claim, { key, body: { model: "other-mail", limit: 1 } })).json!.items as { itemId: string }[];
    const res = await call(send, { key, body: { model: "mail", labels: [{ itemId: item!.itemId, label: "ham" }] } });
    expect(res.json).toEqual({ accepted: 0, duplicates: 0, refused: [{ itemId: item!.itemId, reason: "belongs to another model than the one named" }] });
    expect(await labelCount(item!.itemId)).toBe(0);
  });
});
