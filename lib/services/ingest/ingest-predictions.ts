import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import { PredictionsEnvelope } from "@/lib/ingest/schemas";
import { validatePredictionRows } from "@/lib/ingest/validate";
import type { PredictionRow } from "@/lib/ingest/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models/find-model";

export type IngestResult = { accepted: number; duplicates: number };

/**
 * Stores a batch of predictions, all or nothing, in one statement: new version strings become
 * version rows, rows whose id the model already has are skipped (a replay adds nothing), and the
 * hours that gained rows are marked for their rollups to be recomputed.
 */
export async function ingestPredictions(ctx: ServiceContext, body: unknown): Promise<IngestResult> {
  const envelope = parseInput(PredictionsEnvelope, body);
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

  const accepted = await insertPredictionPayload(ctx.db, model.id, ingestPayload(rows));
  return { accepted, duplicates: rows.length - accepted };
}

/** The validated rows as the JSON the statement reads (exported for the benchmark's breakdown). */
export function ingestPayload(rows: PredictionRow[]): string {
  return JSON.stringify(rows.map(toRecord));
}

/** The one statement that stores a batch; returns how many rows were new. */
export async function insertPredictionPayload(db: DbOrTx, modelId: string, payload: string): Promise<number> {
  const result = await db.execute<{ accepted: number }>(sql`
    with input as (
      select * from jsonb_to_recordset(${payload}::jsonb) as r(
        id text, version text, ts timestamptz, features jsonb, score float8, probabilities jsonb,
        label text, value float8, actual_label text, actual_value float8, actual_at timestamptz
      )
    ),
    new_versions as (
      insert into model_versions (model_id, name)
      select distinct ${modelId}::uuid, version from input where version is not null
      on conflict (model_id, name) do nothing
      returning id, name
    ),
    versions as (
      select id, name from new_versions
      union all
      select id, name from model_versions
      where model_id = ${modelId}::uuid and name in (select version from input where version is not null)
    ),
    inserted as (
      insert into predictions (
        model_id, version_id, external_id, predicted_at, features, score, probabilities,
        label, value, actual_label, actual_value, actual_at
      )
      select ${modelId}::uuid, v.id, i.id, coalesce(i.ts, now()), coalesce(i.features, '{}'::jsonb), i.score,
        i.probabilities, i.label, i.value, i.actual_label, i.actual_value,
        case when i.actual_label is not null or i.actual_value is not null then coalesce(i.actual_at, now()) end
      from input i left join (select distinct on (name) id, name from versions) v on v.name = i.version
      -- Sorted for the same reason: two replays of overlapping batches take their rows in one order.
      order by i.id
      on conflict (model_id, external_id) do nothing
      returning predicted_at
    ),
    dirty as (
      insert into rollup_dirty_buckets (model_id, bucket_start)
      select distinct ${modelId}::uuid, date_trunc('hour', predicted_at, 'UTC') as bucket from inserted
      -- One order for every writer: concurrent batches sharing hours would otherwise deadlock.
      order by bucket
      on conflict do nothing
    )
    select count(*)::int as accepted from inserted
  `);
  return result[0]?.accepted ?? 0;
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
