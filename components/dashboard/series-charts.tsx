"use client";

import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { BandChart, type BandPoint } from "@/components/charts/band-chart";
import { BarsChart } from "@/components/charts/bars-chart";
import { bucketLabel, count, number, percent } from "@/components/charts/format";
import { seriesColor } from "@/components/charts/palette";
import { Card } from "@/components/ui/card";
import { deployMarkers } from "@/lib/metrics/chart-markers";
import { byMinimum, SAMPLED_LINE_MIN_N } from "@/lib/metrics/thin-points";
import { thresholdLines, type ChartThreshold } from "@/lib/monitors/chart-thresholds";
import { SplitCharts } from "./split-charts";

function Panel({ title, note, wide, children }: { title: string; note: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <Card className={`p-4 ${wide ? "lg:col-span-2" : ""}`}>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <p className="mb-2 text-xs text-slate-500">{note}</p>
      {children}
    </Card>
  );
}

const band = (f: { low: number | null; high: number | null } | null | undefined): [number, number] | null => (f && f.low !== null && f.high !== null ? [f.low, f.high] : null);

type Sampled = { value: number | null; low: number | null; high: number | null; n: number } | null | undefined;

/**
 * A sampled figure's fields of a chart point: on the line (`key`) from SAMPLED_LINE_MIN_N labels,
 * a hollow point with its interval (`${key}Thin`, `${key}ThinBand`) below; the band either way.
 */
function sampledFields(key: string, f: Sampled): Omit<BandPoint, "label"> {
  const { solid, thin } = byMinimum(f?.value, f?.n ?? 0, SAMPLED_LINE_MIN_N);
  return { [key]: solid, [`${key}Band`]: band(f), [`${key}Thin`]: thin, [`${key}ThinBand`]: thin === null ? null : band(f) };
}

const thinLabel = `fewer than ${SAMPLED_LINE_MIN_N} labels (hollow)`;
const thinNote = (why: string) => ` Buckets with fewer than ${SAMPLED_LINE_MIN_N} labels are hollow points with their interval, off the line: ${why}.`;

/**
 * The error chart's top: a little above its highest line, so the interval of an hour with two
 * labels (which can be very wide) is cut at the edge rather than squashing every line flat.
 */
function errorAxisTop(metrics: ModelMetrics): number | "auto" {
  const values = metrics.series.flatMap((p) => [p.mae?.value, p.rmse?.value, p.sampledMae?.value]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const top = Math.max(0, ...values) * 1.1;
  if (!(top > 0) || !Number.isFinite(top)) return "auto";
  // Four equal steps of 1, 2, 2.5 or 5 × 10ᵏ, so the axis's five ticks are round numbers.
  const power = 10 ** Math.floor(Math.log10(top / 4));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => 4 * s >= top) ?? 10 * power;
  return 4 * step;
}

/**
 * Volume, class mix and accuracy over time, each figure with its band and n in the tooltip; with
 * a split, one line per version or segment value. Deploys and rollbacks are marked on every chart,
 * and the thresholds of the monitors reading a chart's figure are drawn on it with their state.
 */
export function SeriesCharts({ metrics, thresholds = [] }: { metrics: ModelMetrics; thresholds?: ChartThreshold[] }) {
  const label = (iso: string) => bucketLabel(iso, metrics.bucket);
  const deploys = deployMarkers(metrics.markers, metrics.series.map((p) => p.start), label);
  if (metrics.segments) return <SplitCharts metrics={metrics} segments={metrics.segments} label={label} markers={deploys} />;
  const volume = metrics.series.map((p) => ({ label: label(p.start), volume: p.volume }));
  const firstProvisional = metrics.series.find((p) => new Date(p.start).getTime() + (metrics.bucket === "hour" ? 3600_000 : 86_400_000) > new Date(metrics.matureBefore).getTime());
  const markers = [...(firstProvisional && firstProvisional !== metrics.series[0] ? [{ x: label(firstProvisional.start), label: "provisional →" }] : []), ...deploys];

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel title="Volume" note={`Predictions per ${metrics.bucket}.`}>
        <BarsChart data={volume} series={[{ key: "volume", label: "Predictions", color: "#1f5ad6" }]} markers={deploys} />
      </Panel>

      {metrics.task === "binary" ? (
        <Panel title="Positive rate" note="Share of predictions of the positive class, with its 95% Wilson interval. A jump with no reason in the world is a broken model.">
          <BandChart
            data={metrics.series.map((p) => ({ label: label(p.start), positiveRate: p.positiveRate?.value ?? null, positiveRateBand: band(p.positiveRate), n: p.positiveRate?.n ?? 0 }) as BandPoint)}
            series={[{ key: "positiveRate", label: "Positive rate", color: "#1f5ad6", band: true }]}
            markers={deploys}
            thresholds={thresholdLines(thresholds, ["positiveRate"])}
            tooltipFormat={(v, _k, point) => `${percent(v)} (n ${count(Number(point.n))})`}
          />
        </Panel>
      ) : null}

      {metrics.task === "multiclass" ? (
        <Panel title="Class share" note="Share of predictions per class, each with its 95% Wilson interval.">
          <BandChart
            data={metrics.series.map((p) => ({ label: label(p.start), n: p.volume, ...Object.fromEntries(Object.entries(p.classShare ?? {}).flatMap(([c, f]) => [[`c_${c}`, f?.value ?? null], [`c_${c}Band`, band(f)]])) }) as BandPoint)}
            series={Object.keys(metrics.series[0]?.classShare ?? {}).map((c, i) => ({ key: `c_${c}`, label: c, color: seriesColor(i), band: true }))}
            tooltipFormat={(v, _k, point) => `${percent(v)} (n ${count(Number(point.n))})`}
            markers={deploys}
            thresholds={thresholdLines(thresholds, ["classShare"], Object.keys(metrics.series[0]?.classShare ?? {}))}
          />
        </Panel>
      ) : null}

      {metrics.task !== "regression" ? (
        <Panel wide title="Accuracy" note={`Estimated from calibrated scores (no labels needed), sampled from annotators' labels (weighted by each item's chance of being sampled) and measured against ground truth where it has arrived; the last two with their 95% intervals.${thinNote("one or two labels read 0% or 100%")}`}>
          <BandChart
            data={metrics.series.map((p) => ({
              label: label(p.start),
              estimated: p.estimatedAccuracy?.value ?? null,
              truth: p.groundTruthAccuracy?.value ?? null,
              truthBand: band(p.groundTruthAccuracy),
              truthN: p.groundTruthAccuracy?.n ?? 0,
              estimatedN: p.estimatedAccuracy?.n ?? 0,
              ...sampledFields("sampled", p.sampledAccuracy),
              sampledN: p.sampledAccuracy?.n ?? 0,
            }) as BandPoint)}
            series={[
              { key: "estimated", label: "Estimated", color: "#d97706", dashed: true },
              { key: "sampled", label: "Sampled (labels)", color: "#7c3aed", band: true },
              { key: "sampledThin", label: `Sampled, ${thinLabel}`, color: "#7c3aed", hollow: true },
              { key: "truth", label: "Ground truth", color: "#059669", band: true },
            ]}
            markers={markers}
            thresholds={thresholdLines(thresholds, ["estimatedAccuracy", "sampledAccuracy", "groundTruthAccuracy"])}
            tooltipFormat={(v, key, point) =>
              key.startsWith("sampled") ? `${percent(v)} (n ${count(Number(point.sampledN))} labelled${key === "sampledThin" ? `, below ${SAMPLED_LINE_MIN_N}` : ""})` : `${percent(v)} (n ${count(Number(key === "truth" ? point.truthN : point.estimatedN))})`
            }
          />
        </Panel>
      ) : (
        <Panel title="Error" note={`Mean absolute error and root mean squared error against ground truth, per bucket, and the MAE sampled from annotators' values (weighted by each item's chance of being sampled) with its 95% interval.${thinNote("one or two labels say little of the error")}`}>
          <BandChart
            data={metrics.series.map((p) => ({
              label: label(p.start),
              mae: p.mae?.value ?? null,
              rmse: p.rmse?.value ?? null,
              n: p.mae?.n ?? 0,
              ...sampledFields("sampledMae", p.sampledMae),
              sampledN: p.sampledMae?.n ?? 0,
            }) as BandPoint)}
            series={[
              { key: "mae", label: "MAE", color: "#1f5ad6" },
              { key: "rmse", label: "RMSE", color: "#dc2626" },
              { key: "sampledMae", label: "Sampled MAE (labels)", color: "#7c3aed", band: true },
              { key: "sampledMaeThin", label: `Sampled MAE, ${thinLabel}`, color: "#7c3aed", hollow: true },
            ]}
            yDomain={[0, errorAxisTop(metrics)]}
            yFormat={(v) => number(v, 1)}
            markers={markers}
            thresholds={thresholdLines(thresholds, ["mae", "rmse", "sampledMae"])}
            tooltipFormat={(v, key, point) => (key.startsWith("sampledMae") ? `${number(v)} (n ${count(Number(point.sampledN))} labelled${key === "sampledMaeThin" ? `, below ${SAMPLED_LINE_MIN_N}` : ""})` : `${number(v)} (n ${count(Number(point.n))})`)}
          />
        </Panel>
      )}
    </div>
  );
}
