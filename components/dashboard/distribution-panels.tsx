"use client";

import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { fineBinMidpoint } from "@/lib/metrics/fine-bins";
import { BarsChart } from "@/components/charts/bars-chart";
import { count, number, percent } from "@/components/charts/format";
import { Card } from "@/components/ui/card";

const DISPLAY_SCORE_BINS = 20;

function shares(values: number[]) {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (total ? v / total : 0));
}

/** The 100 fine score bins shown as 20, reference against now. */
function ScoreHistogram({ score }: { score: NonNullable<ModelMetrics["distributions"]["score"]> }) {
  const group = (values: number[]) => Array.from({ length: DISPLAY_SCORE_BINS }, (_, i) => values.slice(i * 5, i * 5 + 5).reduce((a, b) => a + b, 0));
  const [ref, cur] = [shares(group(score.reference)), shares(group(score.current))];
  const data = cur.map((c, i) => ({ label: (i / DISPLAY_SCORE_BINS).toFixed(2), current: c, reference: ref[i] ?? 0 }));
  return <BarsChart data={data} series={[{ key: "reference", label: "Reference window", color: "#94a3b8" }, { key: "current", label: "Selected range", color: "#1f5ad6" }]} yFormat={(v) => percent(v, 0)} />;
}

function ConfusionMatrix({ confusion }: { confusion: NonNullable<ModelMetrics["distributions"]["confusion"]> }) {
  const max = Math.max(1, ...confusion.counts.flat());
  const total = confusion.counts.flat().reduce((a, b) => a + b, 0);
  if (total === 0) return <p className="py-8 text-center text-sm text-slate-500">No ground truth in this range yet.</p>;
  return (
    <table className="mx-auto text-sm" aria-label="Confusion matrix">
      <thead>
        <tr>
          <th scope="col" className="p-1 text-xs font-normal text-slate-500">actual ↓ · predicted →</th>
          {confusion.classes.map((c) => <th key={c} scope="col" className="p-1 text-xs font-medium text-slate-700">{c}</th>)}
        </tr>
      </thead>
      <tbody>
        {confusion.classes.map((actual, i) => (
          <tr key={actual}>
            <th scope="row" className="p-1 text-right text-xs font-medium text-slate-700">{actual}</th>
            {confusion.counts[i]!.map((n, j) => {
              const strength = n / max;
              const correct = i === j;
              return (
                <td
                  key={j}
                  title={`actual ${actual}, predicted ${confusion.classes[j]}: ${count(n)} (${percent(n / total)})`}
                  className="h-14 w-20 rounded text-center tabular-nums"
                  style={{ backgroundColor: correct ? `rgba(5,150,105,${0.08 + strength * 0.7})` : `rgba(220,38,38,${0.05 + strength * 0.6})`, color: strength > 0.55 ? "white" : "#0f172a" }}
                >
                  {count(n)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Residuals in 24 equal bins between their 1st and 99th percentiles (from the fine bins). */
function ResidualHistogram({ residuals }: { residuals: Record<string, number> }) {
  const points = Object.entries(residuals).map(([k, n]) => ({ x: fineBinMidpoint(Number(k)), n })).sort((a, b) => a.x - b.x);
  const total = points.reduce((a, p) => a + p.n, 0);
  if (total === 0) return <p className="py-8 text-center text-sm text-slate-500">No ground truth in this range yet.</p>;
  const quantile = (q: number) => {
    let seen = 0;
    for (const p of points) if ((seen += p.n) >= q * total) return p.x;
    return points.at(-1)!.x;
  };
  const [lo, hi] = [quantile(0.01), quantile(0.99)];
  const bins = 24;
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const p of points) counts[Math.min(bins - 1, Math.max(0, Math.floor((p.x - lo) / width)))]! += p.n;
  const data = counts.map((n, i) => ({ label: number(lo + (i + 0.5) * width, 1), residuals: n }));
  return <BarsChart data={data} series={[{ key: "residuals", label: "Predictions", color: "#7c3aed" }]} />;
}

export function DistributionPanels({ metrics }: { metrics: ModelMetrics }) {
  const d = metrics.distributions;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {d.score ? (
        <Card className="p-4">
          <h3 className="text-sm font-semibold">Score distribution</h3>
          <p className="mb-2 text-xs text-slate-500">Share of predictions per score band, now against the reference window. PSI {number(metrics.drift.score?.psi, 3)}.</p>
          <ScoreHistogram score={d.score} />
        </Card>
      ) : null}
      {d.confusion ? (
        <Card className="p-4">
          <h3 className="text-sm font-semibold">Confusion matrix</h3>
          <p className="mb-2 text-xs text-slate-500">Predictions with ground truth in the range: the diagonal is right, the rest wrong.</p>
          <ConfusionMatrix confusion={d.confusion} />
        </Card>
      ) : null}
      {d.residuals ? (
        <Card className="p-4">
          <h3 className="text-sm font-semibold">Residuals</h3>
          <p className="mb-2 text-xs text-slate-500">Actual minus predicted, for predictions with ground truth in the range.</p>
          <ResidualHistogram residuals={d.residuals} />
        </Card>
      ) : null}
    </div>
  );
}
