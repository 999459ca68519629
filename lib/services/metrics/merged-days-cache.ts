import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { BucketDistributions } from "@/lib/metrics/rollup-types";

/** A model's whole UTC days [start, end), in epoch milliseconds. */
export type DaySpan = { modelId: string; span: [start: number, end: number] };
/** The rollups of whole days merged into one, in time order (what a window's days contribute). */
export type MergedDays = { d: BucketDistributions; volume: number; outdated: boolean };

/**
 * Merged whole days, per process: a month's chart and every scrape's reference window merge the
 * same days' sketches again and again, and parsing and merging them is most of those reads. An
 * entry is keyed by the model, the days and a marker of every rollup row a merge of those days
 * could take (daily rows, the hours of days read from their hours, the days' dirty marks), so a
 * rebuild, late ground truth or a new hour misses the old entry by itself. Least recently used
 * entries go first; an entry is at most a few hundred kilobytes.
 */
const CAPACITY = 400;
const entries = new Map<string, MergedDays>();

export function cachedDays(key: string): MergedDays | undefined {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
  }
  return hit;
}

export function rememberDays(key: string, days: MergedDays): void {
  entries.delete(key);
  entries.set(key, days);
  while (entries.size > CAPACITY) entries.delete(entries.keys().next().value!);
}

/** Forget every entry (tests compare a cached read with a fresh one). */
export function forgetMergedDays(): void {
  entries.clear();
}

/**
 * Each span's cache key. The marker counts the rows and sums their xmin, the id of the transaction
 * that last wrote each: any insert or update gives a row a newer one, so the sum changes whatever
 * the order in which writers commit (a max(computed_at) would miss a transaction that began before
 * another but committed after it). It reads no jsonb: the table rows only, by their primary keys.
 * The rows a miss then fetches may be newer than the marker read just before them; such an entry
 * is never found again, since a later read sees the newer marker.
 */
export async function daySpanKeys(db: DbOrTx, spans: DaySpan[]): Promise<string[]> {
  if (spans.length === 0) return [];
  const rows = await db.execute<{ i: number; marker: string }>(sql`
    select s.i::int as i, concat_ws(' ',
      (select count(*) || ':' || coalesce(sum(d.xmin::text::bigint), 0) from metric_rollups_daily d where d.model_id = s.model_id and d.day_start >= s.start_at and d.day_start < s.end_at),
      (select count(*) || ':' || coalesce(sum(h.xmin::text::bigint), 0) from metric_rollups h where h.model_id = s.model_id and h.bucket_start >= s.start_at and h.bucket_start < s.end_at),
      (select count(*) || ':' || coalesce(sum(x.xmin::text::bigint), 0) from rollup_dirty_days x where x.model_id = s.model_id and x.day_start >= s.start_at and x.day_start < s.end_at)
    ) as marker
    from ${spansTable(spans)}`);
  const markers = new Map(rows.map((r) => [r.i, r.marker]));
  return spans.map(({ modelId, span }, i) => `${modelId} ${span[0]} ${span[1]} ${markers.get(i + 1)}`);
}

/**
 * Spans of many models as one table (`s(model_id, start_at, end_at, i)`, i counting from 1),
 * passed as three array literals: the statement's text stays the same whatever the number of models.
 */
export function spansTable(spans: DaySpan[]): SQL {
  const literal = (values: string[]) => `{${values.join(",")}}`;
  const at = (ms: number) => new Date(ms).toISOString();
  return sql`unnest(${literal(spans.map((s) => s.modelId))}::uuid[], ${literal(spans.map((s) => at(s.span[0])))}::timestamptz[], ${literal(spans.map((s) => at(s.span[1])))}::timestamptz[]) with ordinality as s(model_id, start_at, end_at, i)`;
}
