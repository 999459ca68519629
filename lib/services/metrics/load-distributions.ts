import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import { canonicalOrder, mergeDistributions } from "@/lib/metrics/aggregate-bucket";
import { DISTRIBUTIONS_VERSION, type BucketDistributions } from "@/lib/metrics/rollup-types";
import { cachedSpan, rememberSpan, spanKeys, spansTable, type MergedSpan, type RollupSpan } from "./merged-spans-cache";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

type Span = [start: number, end: number];
type RollupRow = { model: string; day: boolean; at: number; volume: number; version: number; distributions: BucketDistributions };
export type WindowDistributions = { d: BucketDistributions; volume: number; outdated: boolean };
/** The windows whose distributions one model needs. */
export type DistributionsRequest = { modelId: string; windows: { from: Date; to: Date }[] };

const ceilTo = (date: Date, size: number) => new Date(Math.ceil(date.getTime() / size) * size);
const floorTo = (date: Date, size: number) => new Date(Math.floor(date.getTime() / size) * size);

/**
 * The pieces that make up the hours that start in [from, to), merged in this order: the hours
 * before the first whole UTC day, the whole days, the hours after the last one, and the window's
 * last hour alone when it is not in a whole day (the current hour of a window up to now: the one
 * rollup live traffic keeps changing, so the spans before it stay in the cache). Hour buckets
 * start on the hour, so "start >= from and start < to" is "starts in [ceil-hour(from), ceil-hour(to))".
 */
function piecesOf(modelId: string, from: Date, to: Date): RollupSpan[] {
  const firstHour = ceilTo(from, HOUR_MS).getTime();
  const endHour = ceilTo(to, HOUR_MS).getTime();
  const firstDay = Math.min(ceilTo(new Date(firstHour), DAY_MS).getTime(), endHour);
  const endDay = Math.max(firstDay, floorTo(new Date(endHour), DAY_MS).getTime());
  const lastAlone = endHour > firstHour && (endDay < endHour || endDay === firstDay);
  const last = lastAlone ? endHour - HOUR_MS : endHour;
  const pieces: RollupSpan[] = [
    { modelId, kind: "hours", span: [firstHour, Math.min(firstDay, last)] },
    { modelId, kind: "days", span: [firstDay, endDay] },
    { modelId, kind: "hours", span: [endDay, last] },
    { modelId, kind: "hours", span: [last, endHour] },
  ];
  return pieces.filter(({ span: [start, end] }) => end > start);
}

/** Overlapping or touching spans as one, so that no row is fetched twice. */
function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Each model's spans, overlapping ones as one. */
function perModel(spans: { modelId: string; span: Span }[]): { modelId: string; span: Span }[] {
  const byModel = new Map<string, Span[]>();
  for (const { modelId, span } of spans) byModel.set(modelId, [...(byModel.get(modelId) ?? []), span]);
  return [...byModel].flatMap(([modelId, own]) => union(own).map((span) => ({ modelId, span })));
}

function dailySql(spans: { modelId: string; span: Span }[]): SQL {
  return sql`
    select d.model_id::text as model, true as day, extract(epoch from d.day_start)::float8 * 1000 as at, d.volume::float8 as volume, d.distributions_version as version, d.distributions
    from ${spansTable(spans)} join metric_rollups_daily d on d.model_id = s.model_id and d.day_start >= s.start_at and d.day_start < s.end_at
    where not d.mixed_types and not exists (select 1 from rollup_dirty_days x where x.model_id = d.model_id and x.day_start = d.day_start)`;
}

function hourlySql(spans: { modelId: string; span: Span }[]): SQL {
  return sql`
    select h.model_id::text as model, false as day, extract(epoch from h.bucket_start)::float8 * 1000 as at, h.volume::float8 as volume, h.distributions_version as version, h.distributions
    from ${spansTable(spans)} join metric_rollups h on h.model_id = s.model_id and h.bucket_start >= s.start_at and h.bucket_start < s.end_at`;
}

const pieceId = ({ modelId, kind, span }: RollupSpan) => `${modelId} ${kind} ${span[0]} ${span[1]}`;
const within = (at: number, [start, end]: Span) => at >= start && at < end;
const asPart = (row: RollupRow): MergedSpan => ({ d: row.distributions, volume: row.volume, outdated: row.version < DISTRIBUTIONS_VERSION });

/** Parts merged as one, in the order given. */
function mergeParts(parts: MergedSpan[]): MergedSpan {
  return { d: mergeDistributions(parts.map((p) => p.d)), volume: parts.reduce((v, p) => v + p.volume, 0), outdated: parts.some((p) => p.outdated) };
}

/**
 * The distributions of each window of each model, merged piece by piece (piecesOf): each piece
 * from the per-process cache (merged-spans-cache.ts) or merged now from its rows in time order,
 * then the pieces in order; and a window whose pieces are all unchanged, whole from the cache.
 * Either way the figures are the same. Whole days are merged from their daily rollups; a day whose
 * daily rollup is not to be used (missing, marked to be merged again, or mixing a feature's
 * types) from its hours. One statement reads the cache keys; one more fetches the rows of the
 * pieces not in the cache, and, rarely, one the hours of days without a usable daily row.
 */
export async function loadDistributionsOfModels(db: DbOrTx, requests: DistributionsRequest[]): Promise<Map<string, WindowDistributions[]>> {
  const windows = requests.map((r) => ({ modelId: r.modelId, pieces: r.windows.map((w) => piecesOf(r.modelId, w.from, w.to)) }));
  const all = new Map<string, RollupSpan>();
  for (const w of windows) for (const pieces of w.pieces) for (const piece of pieces) all.set(pieceId(piece), piece);
  const spans = [...all.values()];
  const keys = await spanKeys(db, spans);
  const keyOf = new Map(spans.map((span, i) => [pieceId(span), keys[i]!]));
  const windowKey = (modelId: string, pieces: RollupSpan[]) => `window ${modelId} ${pieces.map((p) => keyOf.get(pieceId(p))).join(" | ")}`;
  const found = windows.map(({ modelId, pieces }) => pieces.map((window) => cachedSpan(windowKey(modelId, window))));

  const merged = new Map<string, MergedSpan>();
  const misses = new Map<string, { span: RollupSpan; key: string }>();
  windows.forEach(({ pieces }, m) =>
    pieces.forEach((window, w) => {
      if (found[m]![w]) return;
      for (const piece of window) {
        const key = keyOf.get(pieceId(piece))!;
        const hit = cachedSpan(key);
        if (hit) merged.set(pieceId(piece), hit);
        else misses.set(pieceId(piece), { span: piece, key });
      }
    }),
  );
  if (misses.size) {
    const rows: RollupRow[] = [];
    const usable = await fetchMisses(db, [...misses.values()].map((m) => m.span), rows);
    const byModel = new Map<string, RollupRow[]>();
    for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
    for (const list of byModel.values()) list.sort((a, b) => a.at - b.at);
    const dayUsable = (modelId: string, at: number) => usable.has(`${modelId} ${floorTo(new Date(at), DAY_MS).getTime()}`);
    for (const { span: piece, key } of misses.values()) {
      const own = byModel.get(piece.modelId) ?? [];
      // Hours: their own rows. Days: a day's own row, or the hours of a day that had no usable row.
      const taken = own.filter((row) => within(row.at, piece.span) && (piece.kind === "hours" ? !row.day : row.day || !dayUsable(piece.modelId, row.at)));
      const span = mergeParts(taken.map(asPart));
      rememberSpan(key, span);
      merged.set(pieceId(piece), span);
    }
  }

  return new Map(
    windows.map(({ modelId, pieces }, m) => [
      modelId,
      pieces.map((window, w) => {
        const hit = found[m]![w];
        if (hit) return hit;
        const whole = mergeParts(window.map((piece) => merged.get(pieceId(piece))!));
        const result = { ...whole, d: canonicalOrder(whole.d) };
        rememberSpan(windowKey(modelId, window), result);
        return result;
      }),
    ]),
  );
}

/**
 * The rows of the spans not in the cache, added to `rows` (each once): the hourly rollups of hour
 * spans, the daily rollups of day spans and the hours of days without a usable one. Returns the
 * days that had a usable daily rollup.
 */
async function fetchMisses(db: DbOrTx, spans: RollupSpan[], rows: RollupRow[]): Promise<Set<string>> {
  const days = perModel(spans.filter((s) => s.kind === "days"));
  const hours = perModel(spans.filter((s) => s.kind === "hours"));
  const parts = [...(days.length ? [dailySql(days)] : []), ...(hours.length ? [hourlySql(hours)] : [])];
  const seen = new Set(rows.map((r) => `${r.model} ${r.day} ${r.at}`));
  const add = (fetched: Iterable<RollupRow>) => {
    for (const row of fetched) {
      const key = `${row.model} ${row.day} ${row.at}`;
      if (!seen.has(key)) rows.push(row);
      seen.add(key);
    }
  };
  const fetched = [...(await db.execute<RollupRow>(sql.join(parts, sql` union all `)))];
  add(fetched);
  const usable = new Set(fetched.filter((r) => r.day).map((r) => `${r.model} ${r.at}`));
  const missing: { modelId: string; span: Span }[] = [];
  for (const { modelId, span: [start, end] } of days) {
    for (let day = start; day < end; day += DAY_MS) {
      if (usable.has(`${modelId} ${day}`)) continue;
      const last = missing[missing.length - 1];
      if (last && last.modelId === modelId && last.span[1] === day) last.span[1] = day + DAY_MS;
      else missing.push({ modelId, span: [day, day + DAY_MS] });
    }
  }
  if (missing.length) add(await db.execute<RollupRow>(hourlySql(missing)));
  return usable;
}

/** One model's windows (the model page, a segment's reference). */
export async function loadDistributions(db: DbOrTx, modelId: string, windows: { from: Date; to: Date }[]): Promise<WindowDistributions[]> {
  return (await loadDistributionsOfModels(db, [{ modelId, windows }])).get(modelId)!;
}
