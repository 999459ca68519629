import { sql } from "drizzle-orm";
import { labels } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { REFUSAL } from "@/lib/labelling/constants";
import type { Actor } from "../context";
import type { ErrorCode } from "../errors";
import { claimantOf, type Claimant } from "./queue";

export type Answer = { itemId: string; label?: string; value?: number };

export type LabelOutcome =
  | { itemId: string; outcome: "accepted" | "duplicate" }
  /** `reason` for API clients (API.md's wording), `message` for a person. */
  | { itemId: string; outcome: "refused"; code: ErrorCode; reason: string; message: string };

type LockedItem = {
  id: string | number;
  model_id: string;
  status: "open" | "labelled";
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
 * Items are locked in id order, so two labellers sending overlapping batches cannot deadlock; an
 * item someone else holds under a running claim is refused. The label lands in `labels` (who,
 * what, when) and on the item, where later figures read it.
 */
export async function recordLabels(db: Database, actor: Actor, answers: Answer[], now: Date): Promise<LabelOutcome[]> {
  const claimant = claimantOf(actor);
  const ids = [...new Set(answers.map((a) => a.itemId).filter((id) => ITEM_ID.test(id)))].sort((a, b) => Number(a) - Number(b));

  return db.transaction(async (tx) => {
    const locked = ids.length
      ? await tx.execute<LockedItem>(sql`
          select i.id, i.model_id, i.status, i.claimed_by_user, i.claimed_by_key, i.claim_expires_at, m.slug, m.task, m.classes
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
    const given = new Map(standing.map((l) => [String(l.item_id), l]));

    const outcomes: LabelOutcome[] = [];
    const accepted: { item: LockedItem; label: string | null; value: number | null }[] = [];
    for (const answer of answers) {
      const item = items.get(answer.itemId);
      const outcome = judge(actor, claimant, item, item ? given.get(answer.itemId) : undefined, answer, now);
      outcomes.push(outcome);
      if (outcome.outcome !== "accepted" || !item) continue;
      const label = answer.label ?? null;
      const value = answer.value ?? null;
      accepted.push({ item, label, value });
      // A second answer for the same item in this batch meets this one.
      given.set(answer.itemId, { item_id: item.id, user_id: claimant.kind === "user" ? claimant.id : null, api_key_id: claimant.kind === "key" ? claimant.id : null, label, value });
      item.status = "labelled";
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
      const payload = JSON.stringify(accepted.map((a) => ({ id: a.item.id, label: a.label, value: a.value })));
      await tx.execute(sql`
        update labelling_items i set status = 'labelled', label = a.label, value = a.value, labelled_at = ${now.toISOString()}::timestamptz,
          claimed_by_user = ${claimant.kind === "user" ? claimant.id : null}::uuid,
          claimed_by_key = ${claimant.kind === "key" ? claimant.id : null}::uuid,
          claim_expires_at = null
        from jsonb_to_recordset(${payload}::jsonb) as a(id bigint, label text, value float8)
        where i.id = a.id`);
    }
    return outcomes;
  });
}

function judge(actor: Actor, claimant: Claimant, item: LockedItem | undefined, standing: StandingLabel | undefined, answer: Answer, now: Date): LabelOutcome {
  const itemId = answer.itemId;
  const refuse = (code: ErrorCode, reason: string, message: string): LabelOutcome => ({ itemId, outcome: "refused", code, reason, message });

  if (!item) return refuse("not_found", REFUSAL.unknownItem, "This item does not exist.");
  if (actor.type === "api_key" && actor.modelIds !== null && !actor.modelIds.includes(item.model_id)) {
    return refuse("forbidden", REFUSAL.otherModel, "This API key may not be used for this item's model.");
  }
  const problem = answerProblem(item, answer);
  if (problem) return refuse("invalid_input", problem, `The label ${problem}.`);

  const mine = (userId: string | null, keyId: string | null) => (claimant.kind === "user" ? userId === claimant.id : keyId === claimant.id);
  if (item.status === "labelled" || standing) {
    if (standing && mine(standing.user_id, standing.api_key_id)) {
      const same = item.task === "regression" ? standing.value === answer.value : standing.label === answer.label;
      if (same) return { itemId, outcome: "duplicate" };
      const before = item.task === "regression" ? String(standing.value) : standing.label;
      return refuse("conflict", `${REFUSAL.alreadyLabelled} as ${before}`, `You labelled this item ${before} already; undo that label to change it.`);
    }
    return refuse("conflict", REFUSAL.alreadyLabelled, "Someone else has labelled this item already.");
  }
  const held = item.claim_expires_at !== null && new Date(item.claim_expires_at).getTime() > now.getTime();
  if (held && !mine(item.claimed_by_user, item.claimed_by_key)) {
    return refuse("conflict", REFUSAL.claimedByOther, "Someone else holds this item now, so your label was not saved.");
  }
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
