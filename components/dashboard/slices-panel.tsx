"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { ModelSlices } from "@/lib/metrics/slices";
import { count, percent } from "@/components/charts/format";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { useQueryChange } from "./use-query-change";
import { Table, TableBody, TableHead } from "@/components/ui/table";

/** A slice is flagged when its Benjamini–Hochberg q-value is at most this. */
const FLAG_AT_Q = 0.05;
const SHOWN = 10;

async function fetchSlices(slug: string, from: Date, to: Date): Promise<ModelSlices> {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  const response = await fetch(`/api/v1/models/${encodeURIComponent(slug)}/slices?${query}`, { cache: "no-store" });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.message ?? `Vigil answered ${response.status}.`);
  return body as ModelSlices;
}

const pValue = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

/**
 * "Where it decayed": each declared segment value's accuracy in the range against the rest and
 * the reference window, most significant drop first. A slice's feature splits the charts.
 */
export function SlicesPanel({ slug, from, to, segmentFeatures, canManage }: { slug: string; from: Date; to: Date; segmentFeatures: string[]; canManage: boolean }) {
  const go = useQueryChange();
  const query = useQuery({ queryKey: ["slices", slug, from.toISOString(), to.toISOString()], queryFn: () => fetchSlices(slug, from, to), enabled: segmentFeatures.length > 0, refetchInterval: 60_000 });
  const slices = query.data?.slices ?? [];

  return (
    <Card>
      <div className="border-b border-slate-200 px-4 py-3">
        <h3 className="text-sm font-semibold">Where it decayed</h3>
        <p className="text-xs text-slate-500">
          Each value of the segment features against the rest of the range (accuracy against ground truth, one-sided two-proportion test) and
          against the reference window; q-values are Benjamini–Hochberg over every slice tested, flagged at q ≤ {FLAG_AT_Q}.
          {query.data ? ` ${query.data.tooSmall.toLocaleString("en")} slice(s) with fewer than ${query.data.minN} labelled predictions left out.` : ""}
        </p>
      </div>
      {segmentFeatures.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-600">
          No segment features are declared for this model, so there are no slices to compare.{" "}
          {canManage ? (
            <Link href={`/models/${encodeURIComponent(slug)}/settings#segment-features`} className="font-medium text-brand-700 underline">
              Choose up to 5 segment features in the model settings
            </Link>
          ) : (
            "An admin can choose up to 5 in the model's settings"
          )}
          .
        </p>
      ) : query.isPending ? (
        <p className="px-4 py-6 text-sm text-slate-500">Loading the slices…</p>
      ) : query.isError ? (
        <p className="px-4 py-6 text-sm text-red-700">Could not load the slices: {query.error.message}</p>
      ) : slices.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-600">No slice has enough predictions with ground truth in this range to be tested.</p>
      ) : (
        <Table label="Slices by decay">
          <TableHead
            columns={[
              "Slice",
              { label: "Accuracy (95% interval)", align: "right" },
              { label: "Rest", align: "right" },
              { label: "Reference", align: "right" },
              { label: "Drop", align: "right" },
              { label: "p", align: "right" },
              { label: "q", align: "right" },
            ]}
          />
          <TableBody>
            {slices.slice(0, SHOWN).map((s) => (
              <tr key={`${s.feature}\u0000${s.value}`} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="px-4 py-2 text-left font-medium">
                  <button type="button" className="text-left hover:underline" title={`Split the charts by ${s.feature}`} onClick={() => go({ split: `feature:${s.feature}` })}>
                    <span className="text-slate-500">{s.feature} = </span>
                    {s.value}
                  </button>{" "}
                  {s.qValue <= FLAG_AT_Q ? <Badge tone="red">decayed</Badge> : null}
                </th>
                <td className="px-4 py-2 text-right tabular-nums">
                  {percent(s.accuracy.value)} ({percent(s.accuracy.low)} – {percent(s.accuracy.high)}) <span className="text-xs text-slate-500">n {count(s.accuracy.n)}</span>
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{percent(s.rest.value)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{percent(s.reference.value)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{s.drop === null ? "—" : `${(s.drop * 100).toFixed(1)} pts`}</td>
                <td className="px-4 py-2 text-right tabular-nums">{pValue(s.pValue)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{pValue(s.qValue)}</td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
