"use client";

import { useQuery } from "@tanstack/react-query";
import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { resolveRange, splitOf, type RangeChoice } from "@/lib/metrics/range";
import { RangePicker } from "@/components/dashboard/range-picker";
import { SplitPicker } from "@/components/dashboard/split-picker";
import { SlicesPanel } from "@/components/dashboard/slices-panel";
import { SegmentRebuildNotice } from "@/components/models/segment-rebuild-progress";
import { FigureTiles } from "@/components/dashboard/figure-tiles";
import { SeriesCharts } from "@/components/dashboard/series-charts";
import { DistributionPanels } from "@/components/dashboard/distribution-panels";
import { DriftTable } from "@/components/dashboard/drift-table";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { percent } from "@/components/charts/format";
import type { ChartThreshold } from "@/lib/monitors/chart-thresholds";

const REFRESH_MS = 30_000;
const PENDING_REFRESH_MS = 2_000;

type Params = { range?: string; from?: string; to?: string; bucket?: string; split?: string };

async function fetchMetrics(slug: string, params: Params, split: string | null): Promise<ModelMetrics> {
  // Relative ranges move with the clock: each refresh asks for "the last 7 days" as of now.
  const choice = resolveRange(params);
  const query = new URLSearchParams({ from: choice.from.toISOString(), to: choice.to.toISOString(), bucket: choice.bucket });
  if (split) query.set("segment", split);
  const response = await fetch(`/api/v1/models/${encodeURIComponent(slug)}/metrics?${query}`, { cache: "no-store" });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.message ?? `Vigil answered ${response.status}.`);
  return body as ModelMetrics;
}

export function ModelDashboard({
  slug,
  segmentFeatures,
  params,
  initial,
  initialAt,
  choice,
  thresholds,
  canManage,
}: {
  slug: string;
  canManage: boolean;
  segmentFeatures: string[];
  params: Params;
  initial: ModelMetrics;
  initialAt: number;
  choice: RangeChoice;
  thresholds: ChartThreshold[];
}) {
  const split = splitOf(params, segmentFeatures);
  const query = useQuery({
    queryKey: ["metrics", slug, params.range ?? "7d", params.from ?? "", params.to ?? "", params.bucket ?? "", split ?? ""],
    queryFn: () => fetchMetrics(slug, params, split),
    initialData: initial,
    // When the server read the figures: the same "Updated" time in its HTML and after hydration.
    initialDataUpdatedAt: initialAt,
    // Hours still being aggregated show up within seconds: look again soon while any are pending.
    refetchInterval: (q) => ((q.state.data?.pendingBuckets ?? 0) > 0 || q.state.data?.drift.rebuilding || q.state.data?.segmentsRebuilding ? PENDING_REFRESH_MS : REFRESH_MS),
  });
  const metrics = query.data;
  const noFinalTruth = metrics.task !== "regression" && !metrics.series.some((p) => p.groundTruthAccuracy?.value != null && !p.groundTruthAccuracy.provisional);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <RangePicker choice={choice} />
          <SplitPicker split={split} segmentFeatures={segmentFeatures} />
        </div>
        <p className="text-xs text-slate-500" aria-live="polite">
          {query.isFetching ? "Refreshing…" : `Updated ${new Date(query.dataUpdatedAt).toISOString().slice(11, 19)} UTC · refreshes every 30 s`}
          {metrics.pendingBuckets > 0 ? ` · ${metrics.pendingBuckets} hour(s) still being aggregated` : ""}
          {metrics.segmentsRebuilding ? ` · splits rebuilt for ${metrics.segmentsRebuilding.done.toLocaleString("en")} of ${metrics.segmentsRebuilding.total.toLocaleString("en")} hours` : ""}
        </p>
      </div>
      <SegmentRebuildNotice slug={slug} />
      {query.isError ? (
        <Alert>
          Could not refresh the figures: {query.error.message}{" "}
          <button type="button" className="font-medium underline" onClick={() => void query.refetch()}>Try again</button>
        </Alert>
      ) : null}
      {metrics.totals.volume === 0 ? (
        <EmptyState title="No predictions in this range">
          Pick a longer range, or send predictions to <span className="font-mono">POST /api/v1/predictions</span>; they appear here within seconds.
        </EmptyState>
      ) : (
        <>
          <FigureTiles metrics={metrics} />
          {noFinalTruth ? (
            <Alert tone="info">
              No ground truth in this range is final yet (it matures after {metrics.labelMaturityDays} days), so accuracy here is the
              estimate from calibrated scores
              {metrics.totals.sampledAccuracy
                ? ` and the sampled accuracy from ${metrics.totals.sampledAccuracy.n.toLocaleString("en")} human label${metrics.totals.sampledAccuracy.n === 1 ? "" : "s"} (${percent(metrics.totals.sampledAccuracy.value)}, 95% interval ${percent(metrics.totals.sampledAccuracy.low)} – ${percent(metrics.totals.sampledAccuracy.high)})`
                : " (no human labels in this range yet)"}
              {metrics.totals.groundTruthAccuracy?.value != null ? ", with the ground truth received so far shown as provisional" : ""}.
            </Alert>
          ) : null}
          <SeriesCharts metrics={metrics} thresholds={thresholds} />
          {metrics.task !== "regression" ? <SlicesPanel slug={slug} from={new Date(metrics.from)} to={new Date(metrics.to)} segmentFeatures={segmentFeatures} canManage={canManage} /> : null}
          <DistributionPanels metrics={metrics} />
          <Card>
            <div className="border-b border-slate-200 px-4 py-3">
              <h3 className="text-sm font-semibold">Drift</h3>
              <p className="text-xs text-slate-500">
                The selected range against the reference window
                {metrics.drift.reference ? ` (${metrics.drift.reference.from.slice(0, 10)} to ${metrics.drift.reference.to.slice(0, 10)}, ${metrics.drift.reference.volume.toLocaleString("en")} predictions)` : ""}, most shifted first.
                {" "}Drift is judged once each window holds {metrics.drift.minN.toLocaleString("en")} predictions; below that a feature is “too few to judge”.
              </p>
            </div>
            <DriftTable drift={metrics.drift} />
          </Card>
        </>
      )}
    </div>
  );
}
