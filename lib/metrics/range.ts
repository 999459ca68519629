// Client-safe: the dashboard's time range, kept in the URL (?range=7d&bucket=hour, or custom from/to).

import { EARLIEST_TIME_MS, LATEST_TIME_MS } from "@/lib/validation/time";

export const RANGE_PRESETS = { "24h": 24, "7d": 24 * 7, "30d": 24 * 30 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export type RangeChoice = { range: RangePreset | "custom"; from: Date; to: Date; bucket: "hour" | "day" };

const isPreset = (v: string | undefined): v is RangePreset => v !== undefined && v in RANGE_PRESETS;

export function resolveRange(params: { range?: string; from?: string; to?: string; bucket?: string }, now = new Date()): RangeChoice {
  if (params.range === "custom" && params.from && params.to) {
    const from = new Date(params.from);
    const to = new Date(params.to);
    // A time PostgreSQL cannot take (year 0, or anything before 1970) falls back to the default range.
    const usable = (d: Date) => d.getTime() >= EARLIEST_TIME_MS && d.getTime() <= LATEST_TIME_MS;
    if (usable(from) && usable(to) && from < to) {
      const days = (to.getTime() - from.getTime()) / 86_400_000;
      return { range: "custom", from, to, bucket: params.bucket === "hour" && days <= 45 ? "hour" : params.bucket === "day" ? "day" : days <= 3 ? "hour" : "day" };
    }
  }
  const range = isPreset(params.range) ? params.range : "7d";
  const hours = RANGE_PRESETS[range];
  const bucket = params.bucket === "day" || params.bucket === "hour" ? params.bucket : hours <= 72 ? "hour" : "day";
  return { range, from: new Date(now.getTime() - hours * 3600_000), to: now, bucket };
}

/** The split of the time charts the URL asks for (`?split=version`, `?split=feature:<name>` of a declared one), or none. */
export function splitOf(params: { split?: string }, segmentFeatures: readonly string[]): string | null {
  if (params.split === "version") return "version";
  const name = params.split?.startsWith("feature:") ? params.split.slice("feature:".length) : null;
  return name !== null && segmentFeatures.includes(name) ? params.split! : null;
}
