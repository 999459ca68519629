"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartMarker } from "@/lib/metrics/chart-markers";
import type { ThresholdLine } from "@/lib/monitors/chart-thresholds";

export type { ChartMarker };
/** A marker's words beside its line, on the side with room: left of a line in the chart's right half. */
export const markerLabel = (m: ChartMarker, labels: readonly unknown[]) => {
  const at = labels.indexOf(m.x);
  const right = labels.length > 1 && at >= labels.length / 2;
  return { value: m.label, position: right ? ("insideTopRight" as const) : ("insideTopLeft" as const), fontSize: 11, fill: "#475569" };
};

/**
 * `hollow`: points never joined by a line, each a ring with its interval as a vertical stroke
 * (from the point's `${key}Band`): figures under their minimum n.
 */
export type BandSeries = { key: string; label: string; color: string; dashed?: boolean; band?: boolean; hollow?: boolean };
export type BandPoint = { label: string } & Record<string, number | null | [number, number] | string>;

/**
 * Lines with their confidence bands (Area over [low, high]); gaps where a bucket has no data.
 * `markers` draw vertical lines: where ground truth becomes final, deploys and rollbacks;
 * `thresholds` horizontal ones: the monitors watching the figure, in their state's colour.
 */
export function BandChart({
  data,
  series,
  yDomain = [0, 1],
  yFormat = (v: number) => `${Math.round(v * 100)}%`,
  markers = [],
  thresholds = [],
  height = 240,
  tooltipFormat,
}: {
  data: BandPoint[];
  series: BandSeries[];
  yDomain?: [number | "auto", number | "auto"];
  yFormat?: (v: number) => string;
  markers?: ChartMarker[];
  thresholds?: ThresholdLine[];
  height?: number;
  tooltipFormat?: (value: number, key: string, point: BandPoint) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={28} />
        {/* A fixed domain is kept even when a band reaches past it (the band is cut at the edge). */}
        <YAxis domain={yDomain} allowDataOverflow={typeof yDomain[1] === "number"} tickFormatter={yFormat} tick={{ fontSize: 11, fill: "#64748b" }} width={48} />
        <Tooltip
          formatter={(value, name, item) => {
            const key = String(item.dataKey ?? "");
            if (Array.isArray(value)) return [`${yFormat(Number(value[0]))} – ${yFormat(Number(value[1]))}`, `${name}`];
            const v = Number(value);
            return [tooltipFormat ? tooltipFormat(v, key, item.payload as BandPoint) : yFormat(v), name];
          }}
          contentStyle={{ fontSize: 12 }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series
          .filter((s) => s.band)
          .map((s) => (
            <Area key={`${s.key}-band`} dataKey={`${s.key}Band`} name={`${s.label} 95% interval`} stroke="none" fill={s.color} fillOpacity={0.15} connectNulls={false} isAnimationActive={false} legendType="none" />
          ))}
        {series.map((s) =>
          s.hollow ? (
            // The line is only the legend's entry and the tooltip's row: the points are drawn below.
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeOpacity={0} legendType="circle" dot={false} activeDot={false} connectNulls={false} isAnimationActive={false} />
          ) : (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? "5 4" : undefined} dot={isolatedDot(data, s.key, s.color)} connectNulls={false} isAnimationActive={false} />
          ),
        )}
        {series.filter((s) => s.hollow).flatMap((s) => hollowPoints(data, s))}
        {thresholds.map((t, i) => (
          <ReferenceLine key={`threshold-${i}`} y={t.y} stroke={t.color} strokeWidth={1.5} strokeDasharray="6 3" ifOverflow="extendDomain" label={{ value: t.label, position: i % 2 ? "insideBottomLeft" : "insideTopLeft", fontSize: 11, fill: t.color }} />
        ))}
        {markers.map((m) => (
          <ReferenceLine key={`${m.x}-${m.label}`} x={m.x} stroke="#94a3b8" strokeDasharray="3 3" label={markerLabel(m, data.map((d) => d.label))} />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/**
 * A point whose neighbours have no value has no line to sit on (one bucket of labels, a lone
 * hour of data): it gets a dot, so it does not vanish. Every other point draws none.
 */
function isolatedDot(data: BandPoint[], key: string, color: string) {
  const has = (i: number) => typeof data[i]?.[key] === "number";
  return function Dot(props: { cx?: number; cy?: number; index?: number }) {
    const i = props.index ?? -1;
    const show = has(i) && !has(i - 1) && !has(i + 1) && props.cx !== undefined && props.cy !== undefined;
    return <circle key={`${key}-${i}`} cx={props.cx ?? 0} cy={props.cy ?? 0} r={show ? 3.5 : 0} fill={color} stroke="none" />;
  };
}

/**
 * A `hollow` series' points: each a ring on a stroke over its interval. Reference marks, not the
 * line's dots, so a ring at 0% or 100% is not cut in half at the plot's edge.
 */
function hollowPoints(data: BandPoint[], s: BandSeries) {
  return data.flatMap((p, i) => {
    const value = p[s.key];
    if (typeof value !== "number") return [];
    const band = p[`${s.key}Band`];
    return [
      ...(Array.isArray(band)
        ? [<ReferenceLine key={`${s.key}-band-${i}`} segment={[{ x: p.label, y: band[0] }, { x: p.label, y: band[1] }]} stroke={s.color} strokeOpacity={0.5} strokeWidth={2} ifOverflow="visible" />]
        : []),
      <ReferenceDot
        key={`${s.key}-dot-${i}`}
        x={p.label}
        y={value}
        ifOverflow="visible"
        shape={(props: { cx?: number; cy?: number }) => <circle className="thin-point" cx={props.cx ?? 0} cy={props.cy ?? 0} r={3.5} fill="#fff" stroke={s.color} strokeWidth={1.5} />}
      />,
    ];
  });
}
