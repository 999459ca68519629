import "server-only";
import { sql } from "drizzle-orm";
import { labels } from "@/lib/db/schema";
import type { Database, DbOrTx } from "@/lib/db/connect";
import { REFUSAL } from "@/lib/labelling/constants";
import type { Actor } from "../context";
import type { ErrorCode } from "../errors";
import { retryOnConflict } from "../retry-on-conflict";
import { claimantOf, type Claimant } from "./queue";

/** `model`: the slug the labeller named, when they named one; the item must belong to it. */
export type Answer = { itemId: string; label?: string; value?: number; model?: string };

export type LabelOutcome =
  | { itemId: string; outcome: "accepted" | "duplicate" }
  /** `reason` for API clients (API.md's wording), `message` for a person. */
  | { itemId: string; outcome: "refused"; code: ErrorCode; reason: string; message: string };

type LockedItem = {
  id: string | number;
  model_id: string;
  status: "open" | "labelled" | "review";
  labels_needed: number;
  gold_label: string | null;
  claimed_by_user: string | null;
  claimed_by_key: string | null;
  claim_expires_at: Date | string | null;
  slug: string;
  task: "binary" | "multiclass" | "regression";
  classes: string[];
};
type StandingLabel = { item_id: string | number; user_id: string | null; api_key_id: string | null; label: string | null; value: number | null };

/** Item ids are the predictions' ids: positive integers, sent as text. */
const ITEM_ID = /^[1-9][0-9]{0,17}$/;

/**
 * Records labels for items, in one transaction, and says for each whether it was accepted, a
 * duplicate (the same labeller gave the same answer before: it counts once) or refused, and why.
 * Items are locked in id order, so two labellers sending overlapping batches cannot deadlock
 * (should PostgreSQL abort the transaction anyway, it runs again: retryOnConflict).
 * Only the holder of a running claim may label an item: an item nobody claimed, one claimed by
 * someone else, one whose claim ran out, or one the labeller skipped (a skip gives the claim
 * back) is refused, so the sample cannot be steered by picking items. The label lands in `labels` (who,
 * what, when) and, once the item has all its labels, on the item, where later figures read it.
 *
 * An overlap item takes two labels from different labellers: the first leaves it open (and
 * unclaimed) for someone else; the second settles it, as `labelled` with the label when the two
 * agree, or in `review` (no label yet) when they disagree, for an approver to decide. A gold
 * item takes one label from each labeller and stays open.
 */
export async function recordLabels(db: Database, actor: Actor, answers: Answer[], now: Date): Promise<LabelOutcome[]> {
  return retryOnConflict(db, (tryDb) => recordLabelsOnce(tryDb, actor, answers, now));
}

async function recordLabelsOnce(db: DbOrTx, actor: Actor, answers: Answer[], now: Date): Promise<LabelOutcome[]> {
  const claimant = claimantOf(actor);
  const ids = [...new Set(answers.map((a) => a.itemId).filter((id) => ITEM_ID.test(id)))].sort((a, b) => Number(a) - Number(b));

  return db.transaction(async (tx) => {
    const locked = ids.length
      ? await tx.execute<LockedItem>(sql`
          select i.id, i.model_id, i.status, i.labels_needed, i.gold_label, i.claimed_by_user, i.claimed_by_key, i.claim_expires_at, m.slug, m.task, m.classes
          from labelling_items i join models m on m.id = i.model_id
          where i.id in (${sql.join(ids.map((id) => sql`${id}::bigint`), sql`, `)})
          order by i.id
          for update of i`)
      : [];
    const standing = locked.length
      ? await tx.execute<StandingLabel>(sql`
          select item_id, user_id, api_key_id, label, value from labels
          where undone_at is null and item_id in (${sql.join(locked.map((i) => sql`${i.id}::bigint`), sql`, `)})`)
      : [];
    const items = new Map(locked.map((i) => [String(i.id), i]));
    const given = new Map<string, StandingLabel[]>();
    for (const l of standing) given.set(String(l.item_id), [...(given.get(String(l.item_id)) ?? []), l]);

    const outcomes: LabelOutcome[] = [];
    const accepted: { item: LockedItem; label: string | null; value: number | null; settled: Settled }[] = [];
    for (const answer of answers) {
      const item = items.get(answer.itemId);
      const before = (item && given.get(answer.itemId)) ?? [];
      const outcome = judge(actor, claimant, item, before, answer, now);
      outcomes.push(outcome);
      if (outcome.outcome !== "accepted" || !item) continue;
      const label = answer.label ?? null;
      const value = answer.value ?? null;
      const settled = settle(item, before, { label, value });
      accepted.push({ item, label, value, settled });
      // A second answer for the same item in this batch meets this one.
      given.set(answer.itemId, [...before, { item_id: item.id, user_id: claimant.kind === "user" ? claimant.id : null, api_key_id: claimant.kind === "key" ? claimant.id : null, label, value }]);
      item.status = settled.status;
    }

    if (accepted.length) {
      accepted.sort((a, b) => Number(a.item.id) - Number(b.item.id));
      await tx.insert(labels).values(
        accepted.map((a) => ({
          itemId: Number(a.item.id),
          modelId: a.item.model_id,
          userId: claimant.kind === "user" ? claimant.id : null,
          apiKeyId: claimant.kind === "key" ? claimant.id : null,
          annotator: claimant.annotator,
          label: a.label,
          value: a.value,
          createdAt: now,
        })),
      );
      // An item still waiting for its second label keeps no claim, so someone else can take it.
      const payload = JSON.stringify(accepted.map((a) => ({ id: a.item.id, status: a.settled.status, label: a.settled.label, value: a.settled.value })));
      await tx.execute(sql`
        update labelling_items i set status = a.status::labelling_item_status, label = a.label, value = a.value,
          labelled_at = case when a.status = 'open' then null else ${now.toISOString()}::timestamptz end,
          claimed_by_user = case when a.status = 'open' then null else ${claimant.kind === "user" ? claimant.id : null}::uuid end,
          claimed_by_key = case when a.status = 'open' then null else ${claimant.kind === "key" ? claimant.id : null}::uuid end,
          claimed_at = case when a.status = 'open' then null else i.claimed_at end,
          claim_expires_at = null
        from jsonb_to_recordset(${payload}::jsonb) as a(id bigint, status text, label text, value float8)
        where i.id = a.id`);
    }
    return outcomes;
  });
}

type Settled = { status: "open" | "labelled" | "review"; label: string | null; value: number | null };

/** What the item becomes with this answer: open for its second label, labelled, or in review. */
function settle(item: LockedItem, before: StandingLabel[], answer: { label: string | null; value: number | null }): Settled {
  // A gold item stays open for everyone: its labels are judged against its known answer.
  if (item.gold_label !== null || before.length + 1 < item.labels_needed) return { status: "open", label: null, value: null };
  const agree = before.every((l) => (item.task === "regression" ? l.value === answer.value : l.label === answer.label));
  return agree ? { status: "labelled", ...answer } : { status: "review", label: null, value: null };
}

function judge(actor: Actor, claimant: Claimant, item: LockedItem | undefined, standing: StandingLabel[], answer: Answer, now: Date): LabelOutcome {
  const itemId = answer.itemId;
  const refuse = (code: ErrorCode, reason: string, message: string): LabelOutcome => ({ itemId, outcome: "refused", code, reason, message });

  if (!item) return refuse("not_found", REFUSAL.unknownItem, "This item does not exist.");
  if (actor.type === "api_key" && actor.modelIds !== null && !actor.modelIds.includes(item.model_id)) {
    return refuse("forbidden", REFUSAL.otherModel, "This API key may not be used for this item's model.");
  }
  if (answer.model !== undefined && answer.model !== item.slug) {
    return refuse("conflict", REFUSAL.otherModelNamed, "This item belongs to another model, so your label was not saved.");
  }
  const problem = answerProblem(item, answer);
  if (problem) return refuse("invalid_input", problem, `The label ${problem}.`);

  const mine = (userId: string | null, keyId: string | null) => (claimant.kind === "user" ? userId === claimant.id : keyId === claimant.id);
  const own = standing.find((l) => mine(l.user_id, l.api_key_id));
  if (own) {
    const same = item.task === "regression" ? own.value === answer.value : own.label === answer.label;
    if (same) return { itemId, outcome: "duplicate" };
    const before = item.task === "regression" ? String(own.value) : own.label;
    return refuse("conflict", `${REFUSAL.alreadyLabelled} as ${before}`, `You labelled this item ${before} already; undo that label to change it.`);
  }
  if (item.status !== "open" || (item.gold_label === null && standing.length >= item.labels_needed)) {
    return refuse("conflict", REFUSAL.alreadyLabelled, "Someone else has labelled this item already.");
  }
  const claimRunning = item.claim_expires_at !== null && new Date(item.claim_expires_at).getTime() > now.getTime();
  const claimedByMe = mine(item.claimed_by_user, item.claimed_by_key);
  if (claimRunning && !claimedByMe) {
    return refuse("conflict", REFUSAL.claimedByOther, "Someone else holds this item now, so your label was not saved.");
  }
  if (claimedByMe && !claimRunning) {
    return refuse("conflict", REFUSAL.claimExpired, "Your hold on this item ran out, so your label was not saved.");
  }
  if (!claimedByMe) return refuse("conflict", REFUSAL.notClaimed, "You do not hold this item, so your label was not saved.");
  return { itemId, outcome: "accepted" };
}

/** Why the answer does not fit the model, or null: a class of the model for classifiers, a number for regression. */
function answerProblem(item: LockedItem, answer: Answer): string | null {
  if (item.task === "regression") {
    if (answer.value === undefined) return "must be a number (value) for a regression model";
    return null;
  }
  if (answer.label === undefined) return `must be one of the model's classes: ${item.classes.join(", ")}`;
  if (!item.classes.includes(answer.label)) return `must be one of the model's classes: ${item.classes.join(", ")}`;
  return null;
}
