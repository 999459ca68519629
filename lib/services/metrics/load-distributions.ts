import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import { canonicalOrder, mergeDistributions } from "@/lib/metrics/aggregate-bucket";
import { DISTRIBUTIONS_VERSION, type BucketDistributions } from "@/lib/metrics/rollup-types";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

type Span = [start: number, end: number];
type WindowPlan = { days: Span; edges: Span[] };
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
  return { days: [firstDay, endDay], edges: [[firstHour, firstDay], [endDay, endHour]] };
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

/**
 * Spans of many models as one table (`s(model_id, start_at, end_at)`), passed as three array
 * literals: the statement's text stays the same whatever the number of models.
 */
function spansTable(spans: { modelId: string; span: Span }[]): SQL {
  const literal = (values: string[]) => `{${values.join(",")}}`;
  const at = (ms: number) => new Date(ms).toISOString();
  return sql`unnest(${literal(spans.map((s) => s.modelId))}::uuid[], ${literal(spans.map((s) => at(s.span[0])))}::timestamptz[], ${literal(spans.map((s) => at(s.span[1])))}::timestamptz[]) as s(model_id, start_at, end_at)`;
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

const perModel = (requests: { modelId: string; spans: Span[] }[]) => requests.flatMap(({ modelId, spans }) => union(spans).map((span) => ({ modelId, span })));

/**
 * The distributions of each window of each model, merged in time order: a month is about 30
 * daily rows and 24 hourly ones rather than 720. A day whose daily rollup is not to be used
 * (missing, marked to be merged again, or mixing a feature's types) is merged from its hours
 * instead. One statement fetches every row all the windows of all the models need, each once (the
 * reference window often lies in the range), and one more the hours of days without a usable row.
 */
export async function loadDistributionsOfModels(db: DbOrTx, requests: DistributionsRequest[]): Promise<Map<string, WindowDistributions[]>> {
  const plans = requests.map((r) => ({ modelId: r.modelId, plans: r.windows.map((w) => planWindow(w.from, w.to)) }));
  const daySpans = perModel(plans.map((p) => ({ modelId: p.modelId, spans: p.plans.map((w) => w.days) })));
  const hourSpans = perModel(plans.map((p) => ({ modelId: p.modelId, spans: p.plans.flatMap((w) => w.edges) })));
  const parts: SQL[] = [];
  if (daySpans.length) parts.push(dailySql(daySpans));
  if (hourSpans.length) parts.push(hourlySql(hourSpans));
  const rows: RollupRow[] = parts.length ? [...(await db.execute<RollupRow>(sql.join(parts, sql` union all `)))] : [];

  // Days without a usable daily rollup: their hours, in one more statement (rarely needed).
  const usable = new Set(rows.filter((r) => r.day).map((r) => `${r.model} ${r.at}`));
  const missing: { modelId: string; span: Span }[] = [];
  for (const { modelId, span: [start, end] } of daySpans) {
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
  const byModel = new Map<string, RollupRow[]>();
  for (const row of rows) {
    const list = byModel.get(row.model);
    if (list) list.push(row);
    else byModel.set(row.model, [row]);
  }

  return new Map(
    plans.map(({ modelId, plans: windows }) => {
      const own = (byModel.get(modelId) ?? []).sort((a, b) => a.at - b.at);
      const dayUsable = (at: number) => usable.has(`${modelId} ${floorTo(new Date(at), DAY_MS).getTime()}`);
      return [
        modelId,
        windows.map(({ days: [firstDay, endDay], edges }) => {
          const taken = own.filter((row) => {
            const inDays = row.at >= firstDay && row.at < endDay;
            // A day's own row, or an hour of an edge or of a day that had no usable row.
            return row.day ? inDays : inDays ? !dayUsable(row.at) : edges.some(([s, e]) => row.at >= s && row.at < e);
          });
          return {
            d: canonicalOrder(mergeDistributions(taken.map((row) => row.distributions))),
            volume: taken.reduce((v, row) => v + row.volume, 0),
            outdated: taken.some((row) => row.version < DISTRIBUTIONS_VERSION),
          };
        }),
      ];
    }),
  );
}

/** One model's windows (the model page, a segment's reference). */
export async function loadDistributions(db: DbOrTx, modelId: string, windows: { from: Date; to: Date }[]): Promise<WindowDistributions[]> {
  return (await loadDistributionsOfModels(db, [{ modelId, windows }])).get(modelId)!;
}
