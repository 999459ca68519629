"use client";

import { useQuery } from "@tanstack/react-query";
import { count } from "@/components/charts/format";

export type SegmentRebuild = { done: number; total: number };

const REBUILDING_POLL_MS = 1_000;
const IDLE_POLL_MS = 30_000;

async function fetchRebuild(slug: string): Promise<SegmentRebuild | null> {
  const response = await fetch(`/api/v1/models/${encodeURIComponent(slug)}`, { cache: "no-store" });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.message ?? `Vigil answered ${response.status}.`);
  return (body as { segmentsRebuilding: SegmentRebuild | null }).segmentsRebuilding;
}

/**
 * How far the background rebuild of a model's split rows has come after segment features were
 * declared: hours rebuilt of all its hours (GET /api/v1/models/{model}), looked at every second
 * while it runs and every 30 s otherwise.
 */
export function useSegmentRebuild(slug: string, initial: SegmentRebuild | null | undefined) {
  return useQuery({
    queryKey: ["segment-rebuild", slug],
    queryFn: () => fetchRebuild(slug),
    ...(initial !== undefined ? { initialData: initial } : {}),
    refetchInterval: (q) => (q.state.data ? REBUILDING_POLL_MS : IDLE_POLL_MS),
  });
}

export function SegmentRebuildBar({ rebuild }: { rebuild: SegmentRebuild }) {
  const share = rebuild.total ? rebuild.done / rebuild.total : 0;
  return (
    <div className="space-y-1" data-testid="segments-rebuilding">
      <p className="text-sm text-slate-700">
        Splitting the past by the new segment features: {count(rebuild.done)} of {count(rebuild.total)} hours rebuilt. Splits and slices cover the rebuilt hours meanwhile.
      </p>
      <div
        role="progressbar"
        aria-label="Segment rebuild"
        aria-valuemin={0}
        aria-valuemax={rebuild.total}
        aria-valuenow={rebuild.done}
        aria-valuetext={`${count(rebuild.done)} of ${count(rebuild.total)} hours`}
        className="h-2 w-full max-w-md overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

/** The model page's bar: shown only while a rebuild runs. */
export function SegmentRebuildNotice({ slug }: { slug: string }) {
  const { data } = useSegmentRebuild(slug, undefined);
  return data ? <div className="rounded-md border border-slate-200 bg-white p-3"><SegmentRebuildBar rebuild={data} /></div> : null;
}
