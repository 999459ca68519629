import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";
import { samplingPolicyAndCandidatesSql } from "./sampling-sql";

/** Predictions one chunk goes through, in one transaction. */
export const BACKFILL_CHUNK = 5_000;

type Running = { id: string; model_id: string; range_from: Date | string; range_to: Date | string; cursor_at: Date | string | null; cursor_id: string | number | null };

/**
 * Works through running backfills chunk by chunk until none is left or `budgetMs` is spent (the
 * job runs every minute, and again at once when asked). Each chunk is one transaction that
 * locks its backfill row (SKIP LOCKED: two workers never do the same chunk), samples the next
 * BACKFILL_CHUNK predictions of the range in (predicted_at, id) order, and moves the cursor and
 * the counts in the same commit: a worker killed half-way leaves the cursor at the last chunk
 * that committed, and the retry goes on from there. Returns the chunks done.
 */
export async function runBackfills(db: Database, options: { budgetMs?: number; chunk?: number; maxChunks?: number } = {}): Promise<number> {
  const deadline = Date.now() + (options.budgetMs ?? 45_000);
  const chunk = options.chunk ?? BACKFILL_CHUNK;
  let chunks = 0;
  while (Date.now() < deadline && chunks < (options.maxChunks ?? Infinity)) {
    const worked = await db.transaction(async (tx) => {
      const [b] = await tx.execute<Running>(sql`
        select id, model_id, range_from, range_to, cursor_at, cursor_id from labelling_backfills
        where status = 'running' order by created_at limit 1 for update skip locked`);
      if (!b) return false;
      try {
        await tx.transaction(async (step) => {
          const [done] = await step.execute<{ n: number; sampled: number; last_at: Date | string | null; last_id: string | null }>(chunkSql(b, chunk));
          const n = done?.n ?? 0;
          await step.execute(sql`
            update labelling_backfills set processed = processed + ${n}, sampled = sampled + ${done?.sampled ?? 0},
              cursor_at = coalesce(${done?.last_at ? new Date(done.last_at).toISOString() : null}::timestamptz, cursor_at),
              cursor_id = coalesce(${done?.last_id ?? null}::bigint, cursor_id),
              status = case when ${n} < ${chunk} then 'done'::labelling_backfill_status else status end,
              finished_at = case when ${n} < ${chunk} then now() else null end
            where id = ${b.id}::uuid`);
        });
      } catch (error) {
        // A chunk that cannot be done (a model deleted mid-way, a bad policy) stops its backfill
        // with the reason, rather than failing again every minute.
        await tx.execute(sql`
          update labelling_backfills set status = 'failed', error = ${error instanceof Error ? error.message.slice(0, 500) : String(error)}, finished_at = now()
          where id = ${b.id}::uuid`);
      }
      return true;
    });
    if (!worked) break;
    chunks++;
  }
  return chunks;
}

/**
 * The next chunk of the range, sampled under the model's current policy as ingest samples new
 * predictions (the same CTEs: sampling-sql.ts), without the daily cap, which is about new traffic. A
 * prediction already in the queue keeps its item; since the draw is the same, it is in the
 * sample when its draw is below either rate, so its inclusion probability becomes the larger.
 */
function chunkSql(b: Running, chunk: number) {
  // The row comparison picks up after the cursor; the plain bound lets the (model, time) index start there.
  const at = b.cursor_at === null ? null : new Date(b.cursor_at).toISOString();
  const after = at === null ? sql`true` : sql`p.predicted_at >= ${at}::timestamptz and (p.predicted_at, p.id) > (${at}::timestamptz, ${b.cursor_id}::bigint)`;
  return sql`
    with chunk as (
      select p.id, p.external_id, p.predicted_at, p.label, p.score from predictions p
      where p.model_id = ${b.model_id}::uuid
        and p.predicted_at >= ${new Date(b.range_from).toISOString()}::timestamptz and p.predicted_at < ${new Date(b.range_to).toISOString()}::timestamptz
        and ${after}
      order by p.predicted_at, p.id limit ${chunk}
    ),
    ${samplingPolicyAndCandidatesSql(b.model_id, sql`chunk`)},
    sampled as (
      insert into labelling_items as li (id, model_id, predicted_at, stratum, inclusion_probability, labels_needed)
      select k.id, ${b.model_id}::uuid, k.predicted_at, k.stratum, k.rate,
        case when k.draw < k.rate * (select overlap_share from policy) then 2 else 1 end
      from candidates k order by k.id
      on conflict (id) do update set inclusion_probability = greatest(li.inclusion_probability, excluded.inclusion_probability)
        where li.gold_label is null and li.inclusion_probability < excluded.inclusion_probability
      returning (xmax = 0) as inserted
    ),
    last as (select predicted_at, id from chunk order by predicted_at desc, id desc limit 1)
    select (select count(*)::int from chunk) as n, (select count(*)::int from sampled where inserted) as sampled,
      (select predicted_at from last) as last_at, (select id::text from last) as last_id`;
}
