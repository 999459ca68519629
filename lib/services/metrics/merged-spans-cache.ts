import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { BucketDistributions } from "@/lib/metrics/rollup-types";

/**
 * A model's rollups over [start, end) (epoch milliseconds): whole UTC days (their daily rollups,
 * or the hours of a day without a usable one), or hours (their hourly rollups).
 */
export type RollupSpan = { modelId: string; kind: "days" | "hours"; span: [start: number, end: number] };
/** Rollups merged into one, in time order. */
export type MergedSpan = { d: BucketDistributions; volume: number; outdated: boolean };

/**
 * Merged spans, per process: a month's chart, and every scrape's reference and current windows,
 * merge the same rows' sketches again and again, and fetching, parsing and merging them is most of
 * those reads. An entry (a span, or a whole window of spans) is keyed by its spans and a marker of every rollup row its merge could take
 * (for days: the daily rows, the days' hours and their dirty marks; for hours: the hourly rows),
 * so a rebuild, late ground truth or a new hour misses the old entry by itself. Least recently
 * used entries go first; an entry holds one merged distributions (a few tens of kilobytes).
 */
const CAPACITY = 2000;
const entries = new Map<string, MergedSpan>();

export function cachedSpan(key: string): MergedSpan | undefined {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
  }
  return hit;
}

export function rememberSpan(key: string, merged: MergedSpan): void {
  entries.delete(key);
  entries.set(key, merged);
  while (entries.size > CAPACITY) entries.delete(entries.keys().next().value!);
}

/** Forget every entry (tests compare a cached read with a fresh one). */
export function forgetMergedSpans(): void {
  entries.clear();
}

/**
 * Each span's cache key. A marker counts the rows and sums their xmin, the id of the transaction
 * that last wrote each: any insert or update gives a row a newer one, so the sum changes whatever
 * the order in which writers commit (a max(computed_at) would miss a transaction that began before
 * another but committed after it). It reads no jsonb: table rows only, by their primary keys. The
 * rows a miss then fetches may be newer than the marker read just before them; such an entry is
 * never found again, since a later read sees the newer marker.
 */
export async function spanKeys(db: DbOrTx, spans: RollupSpan[]): Promise<string[]> {
  if (spans.length === 0) return [];
  const marker = (table: SQL, at: SQL) =>
    sql`(select count(*) || ':' || coalesce(sum(r.xmin::text::bigint), 0) from ${table} r where r.model_id = s.model_id and r.${at} >= s.start_at and r.${at} < s.end_at)`;
  const [daily, hourly, dirty] = [
    marker(sql`metric_rollups_daily`, sql`day_start`),
    marker(sql`metric_rollups`, sql`bucket_start`),
    marker(sql`rollup_dirty_days`, sql`day_start`),
  ];
  const days = `{${spans.map((s) => s.kind === "days").join(",")}}`;
  const rows = await db.execute<{ i: number; marker: string }>(sql`
    select s.i::int as i, case when k.days then concat_ws(' ', ${daily}, ${hourly}, ${dirty}) else ${hourly} end as marker
    from ${spansTable(spans)} join unnest(${days}::boolean[]) with ordinality as k(days, i) on k.i = s.i`);
  const markers = new Map(rows.map((r) => [r.i, r.marker]));
  return spans.map(({ modelId, kind, span }, i) => `${modelId} ${kind} ${span[0]} ${span[1]} ${markers.get(i + 1)}`);
}

/**
 * Spans of many models as one table (`s(model_id, start_at, end_at, i)`, i counting from 1),
 * passed as three array literals: the statement's text stays the same whatever the number of models.
 */
export function spansTable(spans: Pick<RollupSpan, "modelId" | "span">[]): SQL {
  const literal = (values: string[]) => `{${values.join(",")}}`;
  const at = (ms: number) => new Date(ms).toISOString();
  return sql`unnest(${literal(spans.map((s) => s.modelId))}::uuid[], ${literal(spans.map((s) => at(s.span[0])))}::timestamptz[], ${literal(spans.map((s) => at(s.span[1])))}::timestamptz[]) with ordinality as s(model_id, start_at, end_at, i)`;
}
