"use client";

import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { BarsChart } from "@/components/charts/bars-chart";
import { count, number, percent } from "@/components/charts/format";
import { Card } from "@/components/ui/card";
import { PerClassTable } from "./per-class-table";

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
              // Dark text on every shade: at the deepest (alpha 0.78 green, 0.65 red over white) it
              // still has a contrast of 6:1, where white text on the middle shades fell below 4.5:1.
              const strength = n / max;
              const correct = i === j;
              return (
                <td
                  key={j}
                  title={`actual ${actual}, predicted ${confusion.classes[j]}: ${count(n)} (${percent(n / total)})`}
                  className="h-14 w-20 rounded text-center tabular-nums"
                  style={{ backgroundColor: correct ? `rgba(5,150,105,${0.08 + strength * 0.7})` : `rgba(220,38,38,${0.05 + strength * 0.6})`, color: "#0f172a" }}
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

/** Residuals in equal bins between their 1st and 99th percentiles (computed by the server from the residuals' sketch). */
function ResidualHistogram({ residuals }: { residuals: NonNullable<ModelMetrics["distributions"]["residuals"]> }) {
  const total = residuals.counts.reduce((a, n) => a + n, 0);
  if (total === 0) return <p className="py-8 text-center text-sm text-slate-500">No ground truth in this range yet.</p>;
  const width = residuals.edges[1]! - residuals.edges[0]!;
  const decimals = width > 0 ? Math.max(0, Math.min(12, Math.ceil(-Math.log10(width)))) : 3;
  const data = residuals.counts.map((n, i) => ({ label: number((residuals.edges[i]! + residuals.edges[i + 1]!) / 2, decimals), residuals: n }));
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
      {d.confusion ? (
        <Card className="p-4">
          <h3 className="text-sm font-semibold">Precision and recall by class</h3>
          <p className="mb-2 text-xs text-slate-500">From the confusion matrix: precision is how often a prediction of the class was right, recall how much of the class was found. Hover a figure for its interval and n.</p>
          <PerClassTable confusion={d.confusion} />
        </Card>
      ) : null}
      {metrics.task === "regression" ? (
        <Card className="p-4">
          <h3 className="text-sm font-semibold">Residuals</h3>
          <p className="mb-2 text-xs text-slate-500">Actual minus predicted, for predictions with ground truth in the range.</p>
          {d.residuals ? <ResidualHistogram residuals={d.residuals} /> : <p className="py-8 text-center text-sm text-slate-500">No ground truth in this range yet.</p>}
        </Card>
      ) : null}
    </div>
  );
}
