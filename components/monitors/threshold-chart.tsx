"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMetricValue } from "@/lib/notifications/payloads";
import type { MonitorMetric } from "@/lib/monitors/constants";
import { count } from "@/components/charts/format";

export type ChartPoint = { at: string; value: number | null; n: number; low: number | null; high: number | null };
export type ChartLimits = { threshold: number; thresholdHigh: number | null; resolve: number; resolveHigh: number | null };

const label = (iso: string) => {
  const d = new Date(iso);
  return `${d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" })} ${d.toISOString().slice(11, 16)}`;
};

/**
 * A monitor's figure over time against its threshold (red) and resolve threshold (amber), with
 * the 95% interval where the metric has one. Points on fewer than the minimum n are drawn hollow
 * (they cannot fire). `marker` marks a moment, such as where an alert fired.
 */
export function ThresholdChart({
  metric,
  points,
  limits,
  minN,
  marker,
  changePoint,
  height = 260,
}: {
  metric: MonitorMetric;
  points: ChartPoint[];
  limits: ChartLimits | null;
  minN: number;
  marker?: { at: string; value: number | null; label: string };
  /** A second moment: where a sequential monitor's evidence says the change began. */
  changePoint?: { at: string; label: string };
  height?: number;
}) {
  const format = (v: number) => formatMetricValue(metric, v);
  const data = points.map((p) => ({
    label: label(p.at),
    value: p.value,
    band: p.low !== null && p.high !== null ? [p.low, p.high] : null,
    n: p.n,
    thin: p.value !== null && p.n < minN,
  }));
  const values = points.flatMap((p) => [p.value, p.low, p.high]).filter((v): v is number => v !== null);
  const lines = limits ? [limits.threshold, limits.thresholdHigh, limits.resolve, limits.resolveHigh].filter((v): v is number => v !== null) : [];
  const all = [...values, ...lines];
  const { domain, ticks } = niceAxis(all.length ? Math.min(...all) : 0, all.length ? Math.max(...all) : 1);
  const outside = limits?.thresholdHigh !== null && limits?.thresholdHigh !== undefined;

  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 12, right: 24, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={36} />
        <YAxis domain={domain} ticks={ticks} tickFormatter={format} tick={{ fontSize: 11, fill: "#64748b" }} width={56} />
        <Tooltip
          contentStyle={{ fontSize: 12 }}
          formatter={(value, name, item) => {
            if (Array.isArray(value)) return [`${format(Number(value[0]))} – ${format(Number(value[1]))}`, "95% interval"];
            const n = Number((item.payload as { n: number }).n);
            return [`${format(Number(value))} (n ${count(n)}${n < minN ? `, below the minimum ${count(minN)}` : ""})`, name];
          }}
        />
        {outside && limits ? (
          <ReferenceArea y1={limits.threshold} y2={limits.thresholdHigh!} fill="#10b981" fillOpacity={0.06} ifOverflow="extendDomain" />
        ) : null}
        <Area dataKey="band" name="95% interval" stroke="none" fill="#1f5ad6" fillOpacity={0.12} isAnimationActive={false} connectNulls={false} />
        <Line
          dataKey="value"
          name="Value over the window"
          stroke="#1f5ad6"
          strokeWidth={2}
          isAnimationActive={false}
          connectNulls={false}
          dot={(props: { cx?: number; cy?: number; index?: number; payload?: { thin: boolean; value: number | null } }) => (
            // A window without a value has no place on the axis: no dot (it would sit at the top).
            <circle key={props.index} cx={props.cx ?? 0} cy={props.cy ?? 0} r={props.payload?.value == null ? 0 : 3} stroke="#1f5ad6" strokeWidth={1.5} fill={props.payload?.thin ? "#fff" : "#1f5ad6"} />
          )}
        />
        {limits ? (
          <>
            <ReferenceLine y={limits.threshold} stroke="#dc2626" strokeWidth={1.5} strokeDasharray="6 3" label={{ value: `threshold ${format(limits.threshold)}`, position: "insideTopRight", fontSize: 11, fill: "#b91c1c" }} ifOverflow="extendDomain" />
            {limits.thresholdHigh !== null ? (
              <ReferenceLine y={limits.thresholdHigh} stroke="#dc2626" strokeWidth={1.5} strokeDasharray="6 3" label={{ value: `threshold ${format(limits.thresholdHigh)}`, position: "insideBottomRight", fontSize: 11, fill: "#b91c1c" }} ifOverflow="extendDomain" />
            ) : null}
            {limits.resolve !== limits.threshold ? (
              <ReferenceLine y={limits.resolve} stroke="#d97706" strokeDasharray="2 3" label={{ value: `resolves at ${format(limits.resolve)}`, position: "insideBottomLeft", fontSize: 11, fill: "#b45309" }} ifOverflow="extendDomain" />
            ) : null}
            {limits.resolveHigh !== null && limits.resolveHigh !== limits.thresholdHigh ? (
              <ReferenceLine y={limits.resolveHigh} stroke="#d97706" strokeDasharray="2 3" ifOverflow="extendDomain" />
            ) : null}
          </>
        ) : null}
        {changePoint ? (
          <ReferenceLine x={label(changePoint.at)} stroke="#b45309" strokeWidth={1.5} label={{ value: changePoint.label, position: "insideBottomLeft", fontSize: 11, fill: "#92400e" }} />
        ) : null}
        {marker ? (
          <>
            <ReferenceLine x={label(marker.at)} stroke="#7f1d1d" strokeDasharray="3 3" label={{ value: marker.label, position: "insideTopLeft", fontSize: 11, fill: "#7f1d1d" }} />
            {marker.value !== null ? <ReferenceDot x={label(marker.at)} y={marker.value} r={6} fill="#dc2626" stroke="#fff" strokeWidth={2} /> : null}
          </>
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Round axis ends and about five ticks at 1, 2 or 5 times a power of ten; never below 0 for figures that cannot be. */
function niceAxis(min: number, max: number): { domain: [number, number]; ticks: number[] } {
  const span = max - min || Math.abs(max) || 1;
  const raw = (span * 1.3) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  const low = Math.floor((min - span * 0.1) / step) * step;
  const lower = min >= 0 ? Math.max(0, low) : low;
  const upper = Math.ceil((max + span * 0.1) / step) * step;
  const ticks: number[] = [];
  for (let t = lower; t <= upper + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { domain: [lower, upper], ticks };
}
