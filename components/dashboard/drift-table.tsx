"use client";

import { Fragment, useState } from "react";
import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { BarsChart } from "@/components/charts/bars-chart";
import { count, number, percent } from "@/components/charts/format";
import { Badge } from "@/components/ui/badge";
import { DRIFT_SEVERITY } from "./drift-severity";
import { QualityCell, QualityDetail } from "./feature-quality";
import { Table, TableBody, TableHead } from "@/components/ui/table";


const pValue = (p: number | null) => (p === null ? "—" : p < 0.0001 ? "< 0.0001" : p.toFixed(4));

/** Features, most drifted first; a row opens its reference-against-now distribution. */
export function DriftTable({ drift }: { drift: ModelMetrics["drift"] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (drift.rebuilding) return <RebuildProgress {...drift.rebuilding} />;
  if (!drift.reference) return <p className="p-4 text-sm text-slate-500">Drift needs a reference window: it starts once the model has data.</p>;
  if (drift.features.length === 0) return <p className="p-4 text-sm text-slate-500">No features were sent with these predictions.</p>;
  return (
    <Table label="Feature drift">
      <TableHead
        columns={[
          "Feature",
          { label: "PSI", title: "Population stability index: 0.1 moderate, 0.25 significant" },
          { label: "Test", title: "Kolmogorov–Smirnov D (numeric) or the two-sample chi-square with its degrees of freedom (categorical)" },
          "p-value",
          "n (reference)",
          "Shift",
          { label: "Quality", title: "Share of the selected range's predictions where the feature was missing or null, of another type, outside the reference's range, or a new category" },
        ]}
      />
      <TableBody>
        {drift.features.map((f) => {
          const isOpen = open === f.name;
          return (
            <Fragment key={f.name}>
              <tr className="hover:bg-slate-50" data-testid={`drift-${f.name}`}>
                <td className="px-4 py-2">
                  <button type="button" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : f.name)} className="flex items-center gap-2 font-medium text-slate-900 hover:text-brand-700">
                    <span aria-hidden className="inline-block w-3 text-slate-400">{isOpen ? "▾" : "▸"}</span>
                    {f.name}
                    <span className="text-xs font-normal text-slate-500">{f.type}</span>
                  </button>
                </td>
                <td className="px-4 py-2 tabular-nums">{number(f.psi, 3)}</td>
                <td className="px-4 py-2 tabular-nums">{f.type === "numeric" ? `KS D ${number(f.ks, 3)}` : f.chi2 === null ? "χ² —" : `χ² ${number(f.chi2, 1)} (df ${f.df})`}</td>
                <td className="px-4 py-2 tabular-nums">{pValue(f.pValue)}</td>
                <td className="px-4 py-2 tabular-nums text-slate-600">{count(f.n)} ({count(f.referenceN)})</td>
                <td className="px-4 py-2" title={f.severity === "insufficient" ? `Drift is judged once each window holds ${count(drift.minN)} predictions` : undefined}><Badge tone={DRIFT_SEVERITY[f.severity].tone}>{DRIFT_SEVERITY[f.severity].text}</Badge></td>
                <td className="px-4 py-2">
                  <QualityCell quality={f.quality} />
                </td>
              </tr>
              {isOpen ? (
                <tr>
                  <td colSpan={7} className="space-y-4 bg-slate-50 px-4 py-3">
                    <QualityDetail quality={f.quality} />
                    {f.distribution ? (
                      <>
                        <p className="mb-1 text-xs text-slate-500">
                          Share of predictions per {f.type === "numeric" ? "equal-width band of this feature's range" : "category"}: the reference window in grey, the selected range in blue.
                        </p>
                        <BarsChart
                          data={f.distribution.bins.map((b) => ({ label: b.label, reference: b.reference, current: b.current }))}
                          series={[{ key: "reference", label: "Reference", color: "#94a3b8" }, { key: "current", label: "Selected range", color: "#1f5ad6" }]}
                          yFormat={(v) => percent(v, 0)}
                          height={220}
                        />
                      </>
                    ) : (
                      <p className="text-sm text-slate-500">Not enough data in one of the windows to compare.</p>
                    )}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** While the model's rollups are recomputed from raw predictions into the current shape. */
function RebuildProgress({ done, total }: { done: number; total: number }) {
  const share = total ? done / total : 0;
  return (
    <div className="space-y-2 p-4" data-testid="drift-rebuilding">
      <p className="text-sm text-slate-700">
        Drift figures are being rebuilt from the raw predictions: {count(done)} of {count(total)} hours done. They appear here when every hour of both windows is rebuilt.
      </p>
      <div role="progressbar" aria-label="Drift rebuild" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} className="h-2 w-full max-w-md overflow-hidden rounded-full bg-slate-100">
        <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
