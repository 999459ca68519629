import type { ModelTask } from "@/lib/models/constants";
import { buildSeries, type SeriesWindow } from "./build-series";
import type { SampledGroup } from "./sampled-accuracy";
import type { SampledValue } from "./sampled-mae";
import { groupRollups, type SeriesPoint, type SeriesRollup } from "./series";
import { OTHER_VALUE, TOP_SEGMENT_VALUES } from "./segment-types";

/** One segment value's figures over the range, shaped like the top level (API.md, Splits). */
export type SplitSegment = { value: string; volume: number; series: SeriesPoint[]; totals: SeriesPoint };

/** Rollup rows and labelled items, each already given its segment value. */
export type SplitInput = {
  rows: (SeriesRollup & { value: string })[];
  groups: (SampledGroup & { value: string })[];
  values: (SampledValue & { value: string })[];
};

/**
 * The range's figures per segment value, the largest first: the `top` values with most
 * predictions keep their own series; every other value (and what hours already counted as
 * OTHER_VALUE) is added up as OTHER_VALUE, listed last. Pure.
 */
export function splitSeries(model: { task: ModelTask; classes: string[] }, input: SplitInput, window: SeriesWindow, top = TOP_SEGMENT_VALUES): SplitSegment[] {
  const volumes = new Map<string, number>();
  for (const row of input.rows) volumes.set(row.value, (volumes.get(row.value) ?? 0) + row.volume);
  const ranked = [...volumes].filter(([value]) => value !== OTHER_VALUE).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = new Set(ranked.slice(0, top).map(([value]) => value));
  const valueOf = (value: string) => (kept.has(value) ? value : OTHER_VALUE);

  const byValue = new Map<string, SplitInput>();
  const entry = (value: string) => {
    let e = byValue.get(value);
    if (!e) byValue.set(value, (e = { rows: [], groups: [], values: [] }));
    return e;
  };
  for (const row of input.rows) entry(valueOf(row.value)).rows.push(row);
  for (const g of input.groups) entry(valueOf(g.value)).groups.push(g);
  for (const v of input.values) entry(valueOf(v.value)).values.push(v);

  const segments = [...byValue].map(([value, e]) => {
    // OTHER_VALUE may hold several values' rows in one bucket: add them up first.
    const { series, totals } = buildSeries(model, groupRollups(e.rows, window.bucket), window, e);
    return { value, volume: totals.volume, series, totals };
  });
  return segments.sort((a, b) => Number(a.value === OTHER_VALUE) - Number(b.value === OTHER_VALUE) || b.volume - a.volume || (a.value < b.value ? -1 : 1));
}
