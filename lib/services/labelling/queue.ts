import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { models, samplingPolicies, type Model, type SamplingPolicy } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { DEFAULT_SAMPLING_POLICY, type SamplingPolicySettings } from "@/lib/labelling/constants";
import type { ClaimedItem } from "@/lib/labelling/types";
import { assertAllowed, type Actor } from "../context";
import { quoteInput, ServiceError } from "../errors";
import { findModelBySlug } from "../models";

// What the labelling services share: who is labelling, the model's policy, and the claim itself.

/** Who holds a claim or gives a label: a person, or an API key labelling as its name. */
export type Claimant = { kind: "user"; id: string; annotator: string } | { kind: "key"; id: string; annotator: string };

export function claimantOf(actor: Actor): Claimant {
  if (actor.type === "user") return { kind: "user", id: actor.id, annotator: actor.email };
  if (actor.type === "api_key") return { kind: "key", id: actor.id, annotator: `API key ${actor.name}` };
  throw new ServiceError("forbidden", "Only a person or an API key can claim and label items.");
}

/** SQL: the item (alias `i`) is claimed by this claimant, whether or not the lease is still running. */
export function claimedBy(claimant: Claimant, alias = "i"): SQL {
  const column = sql.raw(`${alias}.${claimant.kind === "user" ? "claimed_by_user" : "claimed_by_key"}`);
  return sql`${column} = ${claimant.id}::uuid`;
}

/**
 * SQL: the claimant has not given the item (alias `i`) a standing label: only an overlap item,
 * open for its second label, or a gold item, open for everyone, can have one. Matches the labels' unique index on (item, labeller).
 */
export function notLabelledBy(claimant: { id: string }, alias = "i"): SQL {
  const item = sql.raw(alias);
  return sql`((${item}.labels_needed = 1 and ${item}.gold_label is null) or not exists (
    select 1 from labels l where l.item_id = ${item}.id and coalesce(l.user_id, l.api_key_id) = ${claimant.id}::uuid and l.undone_at is null))`;
}

/** The model's policy, or the defaults when it has none. */
export async function loadPolicy(db: DbOrTx, modelId: string): Promise<SamplingPolicySettings & { isDefault: boolean }> {
  const [row] = await db.select().from(samplingPolicies).where(eq(samplingPolicies.modelId, modelId));
  return policyOf(row);
}

function policyOf(row: SamplingPolicy | null | undefined): SamplingPolicySettings & { isDefault: boolean } {
  if (!row) return { ...DEFAULT_SAMPLING_POLICY, isDefault: true };
  return {
    rate: row.rate,
    stratifyBy: row.stratifyBy,
    stratumRates: row.stratumRates,
    dailyCap: row.dailyCap,
    showPrediction: row.showPrediction,
    leaseMinutes: row.leaseMinutes,
    overlapShare: row.overlapShare,
    isDefault: false,
  };
}

type ItemRow = {
  item_id: string | number;
  claim_expires_at: Date | string;
  external_id: string;
  predicted_at: Date | string;
  features: Record<string, unknown> | null;
  label: string | null;
  value: number | null;
  score: number | null;
  probabilities: Record<string, number> | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

export function toClaimedItem(row: ItemRow, showPrediction: boolean): ClaimedItem {
  return {
    itemId: String(row.item_id),
    predictionId: row.external_id,
    predictedAt: iso(row.predicted_at),
    features: row.features ?? {},
    claimExpiresAt: iso(row.claim_expires_at),
    prediction: showPrediction ? { label: row.label, value: row.value, score: row.score, probabilities: row.probabilities } : null,
  };
}

/** Columns of an item and its prediction, from `claimed c join predictions p`. */
const ITEM_COLUMNS = sql`c.id as item_id, c.claim_expires_at, p.external_id, p.predicted_at, p.features, p.label, p.value, p.score, p.probabilities`;

/**
 * Claims up to `limit` open items of the model whose lease is free (never claimed, or expired),
 * newest prediction first. FOR UPDATE SKIP LOCKED lets concurrent claimers pass each other
 * instead of queueing on the same rows: each row goes to exactly one of them. A person never
 * gets an item back that they skipped, nor an overlap or gold item they have labelled. Gold
 * items are taken only when asked for (`gold`), in no particular order.
 */
export async function takeItems(
  db: DbOrTx,
  options: { modelId: string; claimant: Claimant; limit: number; leaseMinutes: number; showPrediction: boolean; now: Date; resume?: boolean; gold?: boolean },
): Promise<ClaimedItem[]> {
  const { modelId, claimant, limit, now } = options;
  const at = now.toISOString();
  const expires = new Date(now.getTime() + options.leaseMinutes * 60_000).toISOString();
  const notSkipped =
    claimant.kind === "user" ? sql`and not exists (select 1 from labelling_skips s where s.item_id = i.id and s.user_id = ${claimant.id}::uuid)` : sql``;
  // With `resume`, the person's own running claim on the model, renewed, comes first, and then
  // nothing new is taken: one statement instead of two, since every claim of the labelling page
  // asks for both.
  const held = options.resume
    ? sql`
      update labelling_items li set claim_expires_at = ${expires}::timestamptz
      where li.id = (
        select i.id from labelling_items i
        where i.model_id = ${modelId}::uuid and i.status = 'open' and ${claimedBy(claimant)} and i.claim_expires_at > ${at}::timestamptz
        order by i.claimed_at desc limit 1
      )
      returning li.id, li.claim_expires_at`
    : sql`select null::bigint as id, null::timestamptz as claim_expires_at where false`;
  const rows = await db.execute<ItemRow>(sql`
    with held as (${held}),
    picked as (
      select i.id from labelling_items i
      where not exists (select 1 from held)
        and i.model_id = ${modelId}::uuid and i.status = 'open'
        and (i.claim_expires_at is null or i.claim_expires_at <= ${at}::timestamptz)
        ${notSkipped}
        and ${notLabelledBy(claimant)}
        and i.gold_label is ${options.gold ? sql`not null` : sql`null`}
      order by ${options.gold ? sql`random()` : sql`i.predicted_at desc nulls last`}
      limit ${limit}
      for update skip locked
    ),
    claimed as (
      update labelling_items li set
        claimed_by_user = ${claimant.kind === "user" ? claimant.id : null}::uuid,
        claimed_by_key = ${claimant.kind === "key" ? claimant.id : null}::uuid,
        claimed_at = ${at}::timestamptz,
        claim_expires_at = ${expires}::timestamptz
      from picked where li.id = picked.id
      returning li.id, li.claim_expires_at
    )
    select ${ITEM_COLUMNS} from (select * from held union all select * from claimed) c join predictions p on p.id = c.id
    order by p.predicted_at desc
  `);
  return rows.map((r) => toClaimedItem(r, options.showPrediction));
}

/** The item with its prediction, as claimed (after an undo hands it back). */
export async function readClaimedItem(db: DbOrTx, itemId: string, showPrediction: boolean): Promise<ClaimedItem | null> {
  const [row] = await db.execute<ItemRow>(sql`
    select ${ITEM_COLUMNS} from labelling_items c join predictions p on p.id = c.id where c.id = ${itemId}::bigint
  `);
  return row ? toClaimedItem(row, showPrediction) : null;
}

/** Midnight UTC of `now`'s day: "today" for daily counts. */
export function utcDayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The model named by `slug`, once the actor may label at all (checked first) and may label this
 * model (a key scoped to other models may not).
 */
export async function findModelForLabelling(ctx: { db: DbOrTx; actor: Actor }, slug: string): Promise<Model> {
  assertAllowed(ctx.actor, LABEL_RULE);
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, LABEL_RULE, model);
  return model;
}

/** The same, with the model's policy, in one query (claims ask for both on every item). */
export async function findModelAndPolicyForLabelling(ctx: { db: DbOrTx; actor: Actor }, slug: string): Promise<{ model: Model; policy: SamplingPolicySettings & { isDefault: boolean } }> {
  assertAllowed(ctx.actor, LABEL_RULE);
  const [row] = await ctx.db.select().from(models).leftJoin(samplingPolicies, eq(samplingPolicies.modelId, models.id)).where(eq(models.slug, slug));
  if (!row) throw new ServiceError("not_found", `There is no model with the slug ${quoteInput(slug)}.`);
  assertAllowed(ctx.actor, LABEL_RULE, row.models);
  return { model: row.models, policy: policyOf(row.sampling_policies) };
}

/** People need labels.write (annotators and admins); API keys the label permission. */
export const LABEL_RULE = { user: "labels.write", key: "label" } as const;
