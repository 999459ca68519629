"use client";

import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";

export function Sparkline({ points, color = "#1f5ad6", label }: { points: (number | null)[]; color?: string; label: string }) {
  const data = points.map((v, i) => ({ i, v }));
  return (
    <div className="h-10 w-full" role="img" aria-label={`${label}, daily over the last 7 days`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 2, bottom: 4, left: 2 }}>
          <YAxis hide domain={["auto", "auto"]} />
          <Line dataKey="v" stroke={color} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
