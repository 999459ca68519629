import { sql } from "drizzle-orm";
import { GroundTruthEnvelope } from "@/lib/ingest/schemas";
import { validateActualRows } from "@/lib/ingest/validate";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models/find-model";

export type GroundTruthResult = { matched: number; unknown: string[] };

/**
 * Joins late ground truth to stored predictions by the caller's id, in one statement. A later
 * actual replaces an earlier one; ids with no prediction are listed, never dropped silently.
 */
export async function recordGroundTruth(ctx: ServiceContext, body: unknown): Promise<GroundTruthResult> {
  const envelope = parseInput(GroundTruthEnvelope, body);
  const model = await findModelBySlug(ctx.db, envelope.model);
  assertAllowed(ctx.actor, { user: "models.manage", key: "ingest" }, model);

  const { rows, errors } = validateActualRows(model, envelope.actuals);
  if (errors.length) {
    throw new ServiceError("invalid_input", `${errors.length} problem${errors.length === 1 ? "" : "s"} in the batch; nothing was recorded.`, undefined, {
      error: "invalid_batch",
      details: { rows: errors.slice(0, 1000) },
    });
  }

  // Within one batch the last actual for an id wins, as a later batch would.
  const latest = new Map(rows.map((r) => [r.id, r]));
  const payload = JSON.stringify(
    [...latest.values()].map((r) => ({ id: r.id, label: r.label ?? null, value: r.value ?? null, ts: r.timestamp ?? null })),
  );
  const updated = await ctx.db.execute<{ external_id: string }>(sql`
    with updated as (
      update predictions p
      set actual_label = a.label, actual_value = a.value, actual_at = coalesce(a.ts, now())
      from jsonb_to_recordset(${payload}::jsonb) as a(id text, label text, value float8, ts timestamptz)
      where p.model_id = ${model.id}::uuid and p.external_id = a.id
      returning p.external_id, p.predicted_at
    ),
    -- Late truth changes the accuracy of the hours its predictions belong to.
    dirty as (
      insert into rollup_dirty_buckets (model_id, bucket_start)
      select distinct ${model.id}::uuid, date_trunc('hour', predicted_at, 'UTC') as bucket from updated
      -- A mark per statement and hour, never merged with another: see rollupDirtyBuckets.
    )
    select external_id from updated
  `);
  const matchedIds = new Set(updated.map((r) => r.external_id));
  return { matched: matchedIds.size, unknown: [...latest.keys()].filter((id) => !matchedIds.has(id)) };
}
