import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import { canonicalOrder, mergeDistributions } from "@/lib/metrics/aggregate-bucket";
import { DISTRIBUTIONS_VERSION, type BucketDistributions } from "@/lib/metrics/rollup-types";
import { cachedDays, daySpanKeys, rememberDays, spansTable, type DaySpan, type MergedDays } from "./merged-days-cache";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

type Span = [start: number, end: number];
/** A window's whole days, and the hours before and after them. */
type WindowPlan = { days: Span; lead: Span; trail: Span };
type RollupRow = { model: string; day: boolean; at: number; volume: number; version: number; distributions: BucketDistributions };
export type WindowDistributions = { d: BucketDistributions; volume: number; outdated: boolean };
/** The windows whose distributions one model needs. */
export type DistributionsRequest = { modelId: string; windows: { from: Date; to: Date }[] };

const ceilTo = (date: Date, size: number) => new Date(Math.ceil(date.getTime() / size) * size);
const floorTo = (date: Date, size: number) => new Date(Math.floor(date.getTime() / size) * size);

/**
 * Which rollups make up the hours that start in [from, to): the daily rollups of the whole UTC
 * days in between, and the hourly rollups of the hours before and after them. Hour buckets start
 * on the hour, so "start >= from and start < to" is "starts in [ceil-hour(from), ceil-hour(to))".
 */
function planWindow(from: Date, to: Date): WindowPlan {
  const firstHour = ceilTo(from, HOUR_MS).getTime();
  const endHour = ceilTo(to, HOUR_MS).getTime();
  const firstDay = Math.min(ceilTo(new Date(firstHour), DAY_MS).getTime(), endHour);
  const endDay = Math.max(firstDay, floorTo(new Date(endHour), DAY_MS).getTime());
  return { days: [firstDay, endDay], lead: [firstHour, firstDay], trail: [endDay, endHour] };
}

/** Overlapping or touching spans as one, so that no row is fetched twice. */
function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const [start, end] of [...spans].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function dailySql(spans: DaySpan[]): SQL {
  return sql`
    select d.model_id::text as model, true as day, extract(epoch from d.day_start)::float8 * 1000 as at, d.volume::float8 as volume, d.distributions_version as version, d.distributions
    from ${spansTable(spans)} join metric_rollups_daily d on d.model_id = s.model_id and d.day_start >= s.start_at and d.day_start < s.end_at
    where not d.mixed_types and not exists (select 1 from rollup_dirty_days x where x.model_id = d.model_id and x.day_start = d.day_start)`;
}

function hourlySql(spans: DaySpan[]): SQL {
  return sql`
    select h.model_id::text as model, false as day, extract(epoch from h.bucket_start)::float8 * 1000 as at, h.volume::float8 as volume, h.distributions_version as version, h.distributions
    from ${spansTable(spans)} join metric_rollups h on h.model_id = s.model_id and h.bucket_start >= s.start_at and h.bucket_start < s.end_at`;
}

const perModel = (requests: { modelId: string; spans: Span[] }[]) => requests.flatMap(({ modelId, spans }) => union(spans).map((span) => ({ modelId, span })));


const spanId = (modelId: string, [start, end]: Span) => `${modelId} ${start} ${end}`;
const within = (at: number, [start, end]: Span) => at >= start && at < end;

/** Rows merged as one, in the order given. */
function mergeRows(parts: MergedDays[]): MergedDays {
  return {
    d: mergeDistributions(parts.map((p) => p.d)),
    volume: parts.reduce((v, p) => v + p.volume, 0),
    outdated: parts.some((p) => p.outdated),
  };
}
const asPart = (row: RollupRow): MergedDays => ({ d: row.distributions, volume: row.volume, outdated: row.version < DISTRIBUTIONS_VERSION });

/**
 * The distributions of each window of each model. A window is merged as its hours before the
 * first whole UTC day, its whole days merged as one, and its hours after the last, in that order,
 * whether its whole days come from the per-process cache (merged-days-cache.ts) or are merged
 * now: both give the same figures. A month is then a cache hit and about 24 hourly rows. Whole
 * days are merged from their daily rollups in time order; a day whose daily rollup is not to be
 * used (missing, marked to be merged again, or mixing a feature's types) from its hours instead.
 * One statement fetches the edge hours of every window of every model (alongside the one that
 * reads the cache keys), one the daily rows of the days not in the cache, and one more, rarely,
 * the hours of days without a usable daily row.
 */
export async function loadDistributionsOfModels(db: DbOrTx, requests: DistributionsRequest[]): Promise<Map<string, WindowDistributions[]>> {
  const plans = requests.map((r) => ({ modelId: r.modelId, windows: r.windows.map((w) => planWindow(w.from, w.to)) }));
  const daySpans = new Map<string, DaySpan>();
  for (const { modelId, windows } of plans) for (const { days } of windows) if (days[1] > days[0]) daySpans.set(spanId(modelId, days), { modelId, span: days });
  const spans = [...daySpans.values()];
  const hourSpans = perModel(plans.map((p) => ({ modelId: p.modelId, spans: p.windows.flatMap((w) => [w.lead, w.trail]) })));
  const [keys, edgeRows] = await Promise.all([daySpanKeys(db, spans), hourSpans.length ? db.execute<RollupRow>(hourlySql(hourSpans)) : []]);

  const mergedDays = new Map<string, MergedDays>();
  const misses: { span: DaySpan; key: string }[] = [];
  spans.forEach((span, i) => {
    const hit = cachedDays(keys[i]!);
    if (hit) mergedDays.set(spanId(span.modelId, span.span), hit);
    else misses.push({ span, key: keys[i]! });
  });
  const rows = [...edgeRows];
  const usable = misses.length ? await fetchDays(db, misses.map((m) => m.span), rows) : new Set<string>();
  const byModel = new Map<string, RollupRow[]>();
  for (const row of rows) {
    const list = byModel.get(row.model);
    if (list) list.push(row);
    else byModel.set(row.model, [row]);
  }
  for (const list of byModel.values()) list.sort((a, b) => a.at - b.at);

  for (const { span: { modelId, span }, key } of misses) {
    const dayUsable = (at: number) => usable.has(`${modelId} ${floorTo(new Date(at), DAY_MS).getTime()}`);
    // A day's own row, or an hour of a day that had no usable row.
    const taken = (byModel.get(modelId) ?? []).filter((row) => within(row.at, span) && (row.day || !dayUsable(row.at)));
    const days = mergeRows(taken.map(asPart));
    rememberDays(key, days);
    mergedDays.set(spanId(modelId, span), days);
  }

  return new Map(
    plans.map(({ modelId, windows }) => {
      const hours = (byModel.get(modelId) ?? []).filter((row) => !row.day);
      return [
        modelId,
        windows.map(({ days, lead, trail }) => {
          const whole = days[1] > days[0] ? [mergedDays.get(spanId(modelId, days))!] : [];
          const parts = [...hours.filter((r) => within(r.at, lead)).map(asPart), ...whole, ...hours.filter((r) => within(r.at, trail)).map(asPart)];
          const merged = mergeRows(parts);
          return { ...merged, d: canonicalOrder(merged.d) };
        }),
      ];
    }),
  );
}

/**
 * The rows of whole days not in the cache, added to `rows`: the daily rollups, and the hours of
 * days without a usable one (each hour once: the edge hours are there already). Returns the days
 * that had a usable daily rollup.
 */
async function fetchDays(db: DbOrTx, spans: DaySpan[], rows: RollupRow[]): Promise<Set<string>> {
  const byModel = new Map<string, Span[]>();
  for (const { modelId, span } of spans) byModel.set(modelId, [...(byModel.get(modelId) ?? []), span]);
  const unioned = perModel([...byModel].map(([modelId, own]) => ({ modelId, spans: own })));
  const daily = [...(await db.execute<RollupRow>(dailySql(unioned)))];
  rows.push(...daily);
  const usable = new Set(daily.map((r) => `${r.model} ${r.at}`));
  const missing: DaySpan[] = [];
  for (const { modelId, span: [start, end] } of unioned) {
    for (let day = start; day < end; day += DAY_MS) {
      if (usable.has(`${modelId} ${day}`)) continue;
      const last = missing[missing.length - 1];
      if (last && last.modelId === modelId && last.span[1] === day) last.span[1] = day + DAY_MS;
      else missing.push({ modelId, span: [day, day + DAY_MS] });
    }
  }
  if (missing.length) {
    const fetched = new Set(rows.filter((r) => !r.day).map((r) => `${r.model} ${r.at}`));
    for (const row of await db.execute<RollupRow>(hourlySql(missing))) if (!fetched.has(`${row.model} ${row.at}`)) rows.push(row);
  }
  return usable;
}

/** One model's windows (the model page, a segment's reference). */
export async function loadDistributions(db: DbOrTx, modelId: string, windows: { from: Date; to: Date }[]): Promise<WindowDistributions[]> {
  return (await loadDistributionsOfModels(db, [{ modelId, windows }])).get(modelId)!;
}
