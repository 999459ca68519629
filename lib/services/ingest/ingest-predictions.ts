import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import { PredictionsEnvelope } from "@/lib/ingest/schemas";
import { validatePredictionRows } from "@/lib/ingest/validate";
import type { PredictionRow } from "@/lib/ingest/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { samplingPolicyAndCandidatesSql } from "../labelling";
import { retryOnConflict } from "../retry-on-conflict";
import { rollupsChanged } from "../metrics";

export type IngestResult = { accepted: number; duplicates: number };

/**
 * Stores a batch of predictions, all or nothing, in one statement: new version strings become
 * version rows, rows whose id the model already has are skipped (a replay adds nothing), the
 * hours that gained rows are marked for their rollups to be recomputed, and the model's sampling
 * policy sends a share of the new rows to the labelling queue. Once committed, the rollup
 * refresher is nudged (lib/services/metrics/rollup-refresher.ts).
 *
 * Concurrent batches never deadlock: versions and rows are taken in one order (by name and by
 * id, byte order), as ground truth takes them; should PostgreSQL still abort the statement for a
 * deadlock, it is run again (retryOnConflict) before the client hears of it.
 */
export async function ingestPredictions(ctx: ServiceContext, body: unknown): Promise<IngestResult> {
  const envelope = parseInput(PredictionsEnvelope, body, { checkText: false });
  const model = await findModelBySlug(ctx.db, envelope.model);
  assertAllowed(ctx.actor, { user: "models.manage", key: "ingest" }, model);

  const { rows, errors } = validatePredictionRows(model, envelope.predictions);
  if (errors.length) {
    throw new ServiceError(
      "invalid_input",
      `${errors.length} problem${errors.length === 1 ? "" : "s"} in ${new Set(errors.map((e) => e.index)).size} of ${envelope.predictions.length} rows; nothing was stored.`,
      undefined,
      { error: "invalid_batch", details: { rows: errors.slice(0, 1000) } },
    );
  }

  const payload = ingestPayload(rows);
  const accepted = await retryOnConflict(ctx.db, (db) => insertPredictionPayload(db, model.id, payload));
  // Committed: the hours it marked are recomputed soon (in a server process), whichever endpoint
  // stored the batch (ingest or serving).
  if (accepted > 0) rollupsChanged(ctx.db);
  // Rows whose id was stored before, and identical copies within the batch, are duplicates.
  return { accepted, duplicates: envelope.predictions.length - accepted };
}

/** The validated rows as the statements read them: the rows as JSON, and the version names they use. */
export type IngestPayload = { json: string; versions: string[] };

/** The payload's version names, as a jsonb array of strings (drizzle would spread a JS array into a list). */
const versionNames = (payload: IngestPayload) => sql`${JSON.stringify(payload.versions)}::jsonb`;

/** Builds the payload (exported for the benchmark's breakdown). */
export function ingestPayload(rows: PredictionRow[]): IngestPayload {
  const versions = new Set<string>();
  for (const row of rows) if (row.version !== undefined) versions.add(row.version);
  return { json: JSON.stringify(rows.map(toRecord)), versions: [...versions] };
}

/**
 * Stores a batch; returns how many rows were new. A batch that names versions first makes the
 * ones the model lacks, in a statement of its own within the same transaction: the statement
 * that stores the rows then sees a version that a concurrent batch made and committed meanwhile.
 * (In one statement it could not, as a statement sees the database as it was when it began:
 * the rows of the batch that lost the race were stored without their version.) Versions that
 * exist are not inserted again, not even to be skipped: ON CONFLICT would wait for whoever is
 * updating that version's row (a deploy switching production) to finish.
 */
export async function insertPredictionPayload(db: DbOrTx, modelId: string, payload: IngestPayload): Promise<number> {
  const store = async (tx: DbOrTx) => (await tx.execute<{ accepted: number }>(ingestStatement(modelId, payload)))[0]?.accepted ?? 0;
  if (!payload.versions.length) return store(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into model_versions (model_id, name)
      -- In name order: two batches making the same versions wait for each other in turn.
      select ${modelId}::uuid, n.name from jsonb_array_elements_text(${versionNames(payload)}) as n(name)
      where not exists (select 1 from model_versions v where v.model_id = ${modelId}::uuid and v.name = n.name)
      order by n.name collate "C"
      on conflict (model_id, name) do nothing`);
    return store(tx);
  });
}

/** The statement that stores the rows, for insertPredictionPayload (and for EXPLAIN when measuring it). */
export function ingestStatement(modelId: string, payload: IngestPayload) {
  return sql`
    with input as (
      select * from jsonb_to_recordset(${payload.json}::jsonb) as r(
        id text, version text, ts timestamptz, features jsonb, score float8, probabilities jsonb,
        label text, value float8, actual_label text, actual_value float8, actual_at timestamptz
      )
    ),
    versions as (
      select id, name from model_versions where model_id = ${modelId}::uuid and name in (select jsonb_array_elements_text(${versionNames(payload)}))
    ),
    inserted as (
      insert into predictions (
        model_id, version_id, external_id, predicted_at, features, score, probabilities,
        label, value, actual_label, actual_value, actual_at
      )
      select ${modelId}::uuid, v.id, i.id, coalesce(i.ts, now()), coalesce(i.features, '{}'::jsonb), i.score,
        i.probabilities, i.label, i.value, i.actual_label, i.actual_value,
        case when i.actual_label is not null or i.actual_value is not null then coalesce(i.actual_at, now()) end
      from input i left join versions v on v.name = i.version
      -- In id order (byte order, as ground truth locks them): overlapping batches wait for each
      -- other's rows in turn rather than each holding what the other needs.
      order by i.id collate "C"
      on conflict (model_id, external_id) do nothing
      returning id, external_id, predicted_at, label, score
    ),
    dirty as (
      insert into rollup_dirty_buckets (model_id, bucket_start)
      select distinct ${modelId}::uuid, date_trunc('hour', predicted_at, 'UTC') as bucket from inserted
      -- A mark per statement and hour, never merged with another: see rollupDirtyBuckets.
    ),
    ${samplingSql(modelId)}
    select count(*)::int as accepted from inserted
  `;
}

/**
 * The sampling step of the ingest statement, as CTEs over `inserted` (so only new rows, and a
 * replay samples nothing twice). Each new row draws a number in [0, 1) from md5 of the model id
 * and the caller's id (lib/labelling/sampling.ts computes the same draw) and is sampled when the
 * draw is below its stratum's rate. With a daily cap, the day's counter row is locked and
 * advanced in the same statement, so concurrent batches cannot both take the last places; the
 * batch's candidates with the lowest draws get the places left (LIMIT NULL is no limit). An item
 * the cap let through was sampled with probability min(rate, the lowest draw the cap turned
 * away), and that is what it keeps as its inclusion probability (keepUnderCap in
 * lib/labelling/sampling.ts says why). That lock is the last a batch takes (the count reads
 * every inserted row first) and the only one on that row, so it adds no deadlock to the rows'
 * order; items are inserted in id order.
 */
function samplingSql(modelId: string) {
  return sql`
    ${samplingPolicyAndCandidatesSql(modelId, sql`inserted`)},
    capped as (
      insert into labelling_daily_counts as c (model_id, day, items, cap, requested, granted)
      select ${modelId}::uuid, (now() at time zone 'UTC')::date, least(p.daily_cap, k.n), p.daily_cap, k.n, least(p.daily_cap, k.n)
      from policy p cross join (select count(*)::int as n from candidates) k
      where p.daily_cap is not null and k.n > 0
      on conflict (model_id, day) do update set
        items = greatest(c.items, least(c.items + excluded.requested, excluded.cap)),
        granted = greatest(least(c.items + excluded.requested, excluded.cap) - c.items, 0),
        cap = excluded.cap, requested = excluded.requested
      returning granted
    ),
    places as (
      select case when p.daily_cap is null then null else coalesce((select granted from capped), 0) end as n from policy p
    ),
    cut as materialized (
      select draw from candidates where (select n from places) is not null
      order by draw, id offset (select n from places) limit 1
    ),
    sampled as (
      insert into labelling_items (id, model_id, predicted_at, stratum, inclusion_probability, labels_needed)
      -- A sampled row's draw is uniform below its inclusion probability, so draw < π × overlap
      -- picks that share of the sampled rows for two annotators, deterministically.
      select k.id, ${modelId}::uuid, k.predicted_at, k.stratum, k.pi,
        case when k.draw < k.pi * (select overlap_share from policy) then 2 else 1 end from (
        select kept.*, least(kept.rate, coalesce((select draw from cut), kept.rate)) as pi
        from (select * from candidates order by draw, id limit (select n from places)) kept
      ) k
      -- Rows in one order, like every other writer here.
      order by k.id
    )`;
}

function toRecord(row: PredictionRow) {
  // Multiclass rows keep their top probability as the score, so one histogram serves every task.
  const score = row.score ?? (row.probabilities ? Math.max(...Object.values(row.probabilities)) : null);
  return {
    id: row.id,
    version: row.version ?? null,
    ts: row.timestamp ?? null,
    features: row.features ?? {},
    score,
    probabilities: row.probabilities ?? null,
    label: row.label ?? null,
    value: row.value ?? null,
    actual_label: row.actual?.label ?? null,
    actual_value: row.actual?.value ?? null,
    actual_at: row.actual?.timestamp ?? null,
  };
}
