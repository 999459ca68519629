"use client";

import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { perClassFigures } from "@/lib/metrics/per-class";
import type { ProportionEstimate } from "@/lib/stats/wilson";
import { count, percent } from "@/components/charts/format";
import { Table, TableBody, TableHead } from "@/components/ui/table";

function Rate({ estimate, none }: { estimate: ProportionEstimate | null; none: string }) {
  if (!estimate) return <span className="text-slate-400" title={none}>–</span>;
  return (
    <span title={`95% interval ${percent(estimate.low)} to ${percent(estimate.high)}, n = ${count(estimate.n)}`}>
      <span className="font-medium">{percent(estimate.value)}</span> <span className="text-xs text-slate-500">{percent(estimate.low, 0)}–{percent(estimate.high, 0)}</span>
    </span>
  );
}

/** Each class's precision and recall with their intervals, from the confusion matrix. */
export function PerClassTable({ confusion }: { confusion: NonNullable<ModelMetrics["distributions"]["confusion"]> }) {
  const figures = perClassFigures(confusion);
  if (figures.every((f) => f.support === 0)) return <p className="py-8 text-center text-sm text-slate-500">No ground truth in this range yet.</p>;
  return (
    <Table label="Precision and recall by class">
      <TableHead
        look="compact"
        columns={[
          "class",
          { label: "actual", align: "right" },
          { label: "predicted", align: "right" },
          "precision (95%)",
          "recall (95%)",
        ]}
      />
      <TableBody className="tabular-nums">
        {figures.map((f) => (
          <tr key={f.label} className="border-t border-slate-100">
            <th scope="row" className="py-1 text-left font-medium text-slate-700">{f.label}</th>
            <td className="py-1 pl-3 text-right">{count(f.support)}</td>
            <td className="py-1 pl-3 text-right">{count(f.predicted)}</td>
            <td className="py-1 pl-3"><Rate estimate={f.precision} none="Never predicted in this range" /></td>
            <td className="py-1 pl-3"><Rate estimate={f.recall} none="No ground truth of this class in this range" /></td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
