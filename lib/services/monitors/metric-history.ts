import "server-only";
import type { Model } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { windowHours } from "@/lib/monitors/constants";
import type { MonitorRule } from "@/lib/monitors/schemas";
import type { Limits } from "@/lib/monitors/state-machine";
import { readMonitorFigure } from "./evaluate-monitor";

const HOUR_MS = 3600_000;
/** Points drawn; each is one full read of the window, like an evaluation. */
export const HISTORY_POINTS = 24;
/** Read a few windows side by side: the rollups are small, the machine has two cores. */
const CONCURRENCY = 4;

export type HistoryPoint = { at: string; value: number | null; n: number; low: number | null; high: number | null };

/**
 * What the monitor would have read at each of `times`: the same evaluation code over the window
 * ending there, so the preview and the alert's chart show exactly the figure the rule judges.
 */
export async function metricHistory(db: Database, rule: MonitorRule, model: Model, times: Date[]): Promise<{ points: HistoryPoint[]; limits: Limits | null; reference: number | null }> {
  const points: HistoryPoint[] = new Array(times.length);
  let limits: Limits | null = null;
  let reference: number | null = null;
  for (let i = 0; i < times.length; i += CONCURRENCY) {
    const batch = times.slice(i, i + CONCURRENCY);
    const read = await Promise.all(batch.map((at) => readMonitorFigure(db, rule, model, at)));
    read.forEach(({ observation: o, limits: l, reference: r }, j) => {
      points[i + j] = { at: batch[j]!.toISOString(), value: o.value, n: o.n, low: o.low ?? null, high: o.high ?? null };
      limits ??= l;
      reference ??= r;
    });
  }
  return { points, limits, reference };
}

/** Evenly spaced ends of windows over the last `span` (at least 14 days, or two windows), the last one now. */
export function historyTimes(rule: Pick<MonitorRule, "window">, end: Date, span?: number): Date[] {
  const length = span ?? Math.max(14 * 24 * HOUR_MS, 2 * windowHours(rule.window) * HOUR_MS);
  const step = length / (HISTORY_POINTS - 1);
  return Array.from({ length: HISTORY_POINTS }, (_, i) => new Date(Math.round(end.getTime() - length + i * step)));
}
