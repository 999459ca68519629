"use client";

import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { markerLabel, type ChartMarker } from "./band-chart";

export type BarSeries = { key: string; label: string; color: string };

/** Plain or grouped bars: volume over time, histograms of now against the reference. */
export function BarsChart({
  data,
  series,
  xKey = "label",
  yFormat = (v: number) => v.toLocaleString("en"),
  height = 200,
  markers = [],
}: {
  data: Record<string, string | number | null>[];
  series: BarSeries[];
  xKey?: string;
  yFormat?: (v: number) => string;
  height?: number;
  markers?: ChartMarker[];
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barGap={0}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey={xKey} tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={20} />
        <YAxis tickFormatter={yFormat} tick={{ fontSize: 11, fill: "#64748b" }} width={56} />
        <Tooltip formatter={(v) => yFormat(Number(v))} contentStyle={{ fontSize: 12 }} />
        {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
        ))}
        {markers.map((m) => (
          <ReferenceLine key={`${m.x}-${m.label}`} x={m.x} stroke="#94a3b8" strokeDasharray="3 3" label={markerLabel(m, data.map((d) => d[xKey]))} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
