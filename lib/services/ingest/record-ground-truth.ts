import "server-only";
import { sql } from "drizzle-orm";
import { GroundTruthEnvelope } from "@/lib/ingest/schemas";
import { validateActualRows } from "@/lib/ingest/validate";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { retryOnConflict } from "../retry-on-conflict";
import { rollupsChanged } from "../metrics";

export type GroundTruthResult = { matched: number; unknown: string[] };

/**
 * Joins late ground truth to stored predictions by the caller's id, in one statement. A later
 * actual replaces an earlier one; ids with no prediction are listed, never dropped silently.
 *
 * Concurrent batches over the same ids never deadlock: the predictions are locked first, in id
 * order (byte order, as ingest inserts them), and only then updated; an UPDATE joined to the
 * batch would lock them in whatever order its plan met them. Should PostgreSQL still abort the
 * statement for a deadlock, it is run again (retryOnConflict) before the client hears of it.
 */
export async function recordGroundTruth(ctx: ServiceContext, body: unknown): Promise<GroundTruthResult> {
  const envelope = parseInput(GroundTruthEnvelope, body, { checkText: false });
  const model = await findModelBySlug(ctx.db, envelope.model);
  assertAllowed(ctx.actor, { user: "models.manage", key: "ingest" }, model);

  // Each id once: identical copies count once, copies that differ are refused (validate.ts).
  const { rows, errors } = validateActualRows(model, envelope.actuals);
  if (errors.length) {
    throw new ServiceError("invalid_input", `${errors.length} problem${errors.length === 1 ? "" : "s"} in the batch; nothing was recorded.`, undefined, {
      error: "invalid_batch",
      details: { rows: errors.slice(0, 1000) },
    });
  }

  const payload = JSON.stringify(rows.map((r) => ({ id: r.id, label: r.label ?? null, value: r.value ?? null, ts: r.timestamp ?? null })));
  const updated = await retryOnConflict(ctx.db, (db) =>
    db.execute<{ external_id: string }>(sql`
      with input as (
        select * from jsonb_to_recordset(${payload}::jsonb) as a(id text, label text, value float8, ts timestamptz)
      ),
      -- NO KEY UPDATE, the lock the UPDATE itself takes: it leaves alone the key-share locks
      -- that rows referring to a prediction (labelling items) take.
      locked as materialized (
        select p.id from predictions p join input a on p.external_id = a.id
        where p.model_id = ${model.id}::uuid
        order by p.external_id collate "C"
        for no key update of p
      ),
      updated as (
        update predictions p
        set actual_label = a.label, actual_value = a.value, actual_at = coalesce(a.ts, now())
        from locked l, input a
        where p.id = l.id and p.external_id = a.id
        returning p.external_id, p.predicted_at
      ),
      -- Late truth changes the accuracy of the hours its predictions belong to.
      dirty as (
        insert into rollup_dirty_buckets (model_id, bucket_start)
        select distinct ${model.id}::uuid, date_trunc('hour', predicted_at, 'UTC') as bucket from updated
        -- A mark per statement and hour, never merged with another: see rollupDirtyBuckets.
      )
      select external_id from updated
    `),
  );
  const matchedIds = new Set(updated.map((r) => r.external_id));
  // Committed: the hours it marked are recomputed soon (in a server process), whoever called.
  if (matchedIds.size > 0) rollupsChanged(ctx.db);
  return { matched: matchedIds.size, unknown: rows.map((r) => r.id).filter((id) => !matchedIds.has(id)) };
}
