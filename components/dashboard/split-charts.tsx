"use client";

import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import type { SeriesPoint } from "@/lib/metrics/series";
import type { SplitSegment } from "@/lib/metrics/split-series";
import type { ChartMarker } from "@/lib/metrics/chart-markers";
import { BandChart, type BandPoint } from "@/components/charts/band-chart";
import { count, number, percent } from "@/components/charts/format";
import { seriesColor } from "@/components/charts/palette";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead } from "@/components/ui/table";

/** Intervals are drawn while they stay readable; with more lines only the lines are. */
const MAX_BANDS = 3;

type Figure = { value: number | null; low?: number | null; high?: number | null; n: number } | null | undefined;
type Basis = { title: string; note: string; of: (p: SeriesPoint) => Figure; format: (v: number) => string; yDomain: [number | "auto", number | "auto"] };

/**
 * The accuracy (or error) each split line shows: ground truth where any has arrived, else the
 * sampled figure from human labels, else the estimate from scores; the note says which.
 */
function basisOf(metrics: ModelMetrics, segments: SplitSegment[]): Basis {
  const any = (of: (p: SeriesPoint) => Figure) => segments.some((s) => (of(s.totals)?.n ?? 0) > 0);
  if (metrics.task === "regression") {
    if (any((p) => p.mae)) return { title: "MAE", note: "Mean absolute error against ground truth", of: (p) => p.mae, format: (v) => number(v), yDomain: [0, "auto"] };
    return { title: "Sampled MAE", note: "MAE from annotators' values (no ground truth in this range)", of: (p) => p.sampledMae, format: (v) => number(v), yDomain: [0, "auto"] };
  }
  if (any((p) => p.groundTruthAccuracy)) return { title: "Accuracy (ground truth)", note: "Accuracy against ground truth, with 95% intervals", of: (p) => p.groundTruthAccuracy, format: percent, yDomain: [0, 1] };
  if (any((p) => p.sampledAccuracy)) return { title: "Accuracy (sampled)", note: "Accuracy from annotators' labels (no ground truth in this range), with 95% intervals", of: (p) => p.sampledAccuracy, format: percent, yDomain: [0, 1] };
  return { title: "Accuracy (estimated)", note: "Estimated from calibrated scores (no labels in this range)", of: (p) => p.estimatedAccuracy, format: percent, yDomain: [0, 1] };
}

const band = (f: Figure): [number, number] | null => (f && f.low != null && f.high != null ? [f.low, f.high] : null);

/** One line per split value (version or segment value): volume, the class mix and accuracy. */
export function SplitCharts({ metrics, segments, label, markers }: { metrics: ModelMetrics; segments: SplitSegment[]; label: (iso: string) => string; markers: ChartMarker[] }) {
  const basis = basisOf(metrics, segments);
  const bands = segments.length <= MAX_BANDS;
  const lines = segments.map((s, i) => ({ key: `s${i}`, label: s.value, color: seriesColor(i), band: bands }));
  const rows = (of: (p: SeriesPoint) => Figure | number) =>
    metrics.series.map((point, b) => {
      const row: BandPoint = { label: label(point.start) };
      segments.forEach((s, i) => {
        const f = of(s.series[b]!);
        row[`s${i}`] = typeof f === "number" ? (s.series[b]!.volume ? f : null) : (f?.value ?? null);
        if (typeof f !== "number") {
          row[`s${i}Band`] = band(f);
          row[`s${i}N`] = f?.n ?? 0;
        }
      });
      return row;
    });
  const withN = (format: (v: number) => string) => (v: number, key: string, point: BandPoint) => `${format(v)} (n ${count(Number(point[`${key}N`] ?? 0))})`;
  const what = metrics.segment === "version" ? "version" : (metrics.segment ?? "").slice("feature:".length);

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="p-4">
          <h3 className="text-sm font-semibold text-slate-900">Volume by {what}</h3>
          <p className="mb-2 text-xs text-slate-500">Predictions per {metrics.bucket}.</p>
          <BandChart data={rows((p) => p.volume)} series={lines.map((l) => ({ ...l, band: false }))} yDomain={[0, "auto"]} yFormat={count} markers={markers} />
        </Card>
        {metrics.task === "binary" ? (
          <Card className="p-4">
            <h3 className="text-sm font-semibold text-slate-900">Positive rate by {what}</h3>
            <p className="mb-2 text-xs text-slate-500">Share of predictions of the positive class{bands ? ", with 95% Wilson intervals" : ""}.</p>
            <BandChart data={rows((p) => p.positiveRate)} series={lines} markers={markers} tooltipFormat={withN(percent)} />
          </Card>
        ) : null}
        <Card className={`p-4 ${metrics.task === "binary" ? "lg:col-span-2" : ""}`}>
          <h3 className="text-sm font-semibold text-slate-900">{basis.title} by {what}</h3>
          <p className="mb-2 text-xs text-slate-500">{basis.note}.</p>
          <BandChart data={rows(basis.of)} series={lines} yDomain={basis.yDomain} yFormat={metrics.task === "regression" ? (v) => number(v, 1) : undefined} markers={markers} tooltipFormat={withN(basis.format)} />
        </Card>
      </div>
      <Card>
        <Table label={`Figures by ${what}`}>
          <TableHead
            columns={[
              metrics.segment === "version" ? "Version" : what,
              { label: "Predictions", align: "right" },
              { label: basis.title, align: "right" },
              { label: "95% interval", align: "right" },
              { label: "n", align: "right" },
            ]}
          />
          <TableBody>
            {segments.map((s, i) => {
              const f = basis.of(s.totals);
              return (
                <tr key={s.value} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-4 py-2 text-left font-medium">
                    <span aria-hidden className="mr-2 inline-block size-2.5 rounded-full" style={{ background: seriesColor(i) }} />
                    {s.value}
                  </th>
                  <td className="px-4 py-2 text-right tabular-nums">{count(s.volume)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{f?.value != null ? basis.format(f.value) : "—"}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{f?.low != null && f.high != null ? `${basis.format(f.low)} – ${basis.format(f.high)}` : "—"}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{count(f?.n ?? 0)}</td>
                </tr>
              );
            })}
          </TableBody>
        </Table>
      </Card>
    </div>
  );
}
