import Link from "next/link";
import type { GateComparison } from "@/lib/registry/gate";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { number, percent, when } from "./format";
import { Table, TableBody, TableHead } from "@/components/ui/table";

type Request = { id: string; status: string; versionName: string; fromName: string | null; reason: string; evaluation: Record<string, unknown>; requestedByLabel: string; requestedByMonitor?: { id: string; name: string } | null; createdAt: Date | string };

const STATUS_TONES: Record<string, "amber" | "green" | "red" | "slate" | "blue"> = { pending: "amber", deploying: "blue", deployed: "green", rejected: "red", failed: "red", superseded: "slate" };

/** Candidate and production side by side on the same held-out labels, as the gate saw them. */
export function ComparisonCard({ request, onActionsPage = false, currentProduction }: { request: Request; onActionsPage?: boolean; currentProduction?: string | null }) {
  // Production may have changed since the request was made (another deploy or a rollback): the
  // figures stay those the gate saw, and the card says so.
  const productionMoved = currentProduction !== undefined && ["pending", "deploying"].includes(request.status) && currentProduction !== request.fromName;
  const comparison = (request.evaluation.comparison ?? null) as GateComparison | null;
  const rows: { label: string; candidate: string; production: string; better: boolean | null }[] = comparison
    ? [
        { label: "Accuracy", candidate: percent(comparison.candidate.accuracy), production: percent(comparison.production?.accuracy), better: comparison.production ? comparison.candidate.accuracy > comparison.production.accuracy : null },
        { label: "F1 (positive class)", candidate: number(comparison.candidate.f1), production: number(comparison.production?.f1), better: comparison.production ? comparison.candidate.f1 > comparison.production.f1 : null },
        { label: "ROC AUC", candidate: number(comparison.candidate.auc), production: number(comparison.production?.auc), better: comparison.production && comparison.candidate.auc !== null && comparison.production.auc !== null ? comparison.candidate.auc > comparison.production.auc : null },
      ]
    : [];
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">
          Candidate {request.versionName} against production {request.fromName ?? "(none)"}
        </h2>
        <Badge tone={STATUS_TONES[request.status] ?? "slate"}>{request.status}</Badge>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Asked by{" "}
        {request.requestedByMonitor ? (
          <>monitor <Link href={`/monitors/${request.requestedByMonitor.id}`} className="text-brand-700 underline">{request.requestedByMonitor.name}</Link></>
        ) : (
          request.requestedByLabel
        )}{" "}
        · {when(request.createdAt)} · {request.reason}{" "}
        {request.status === "pending" && !onActionsPage ? <Link href="/actions" className="text-brand-700 underline">Decide on the Actions page</Link> : null}
      </p>
      {productionMoved ? (
        <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="production-moved">
          Production is now {currentProduction ?? "no version"}. These figures compare with {request.fromName ?? "no version"}, production when this was
          asked; deploying replaces {currentProduction ?? "nothing"}.
        </p>
      ) : null}
      {comparison ? (
        <Table label="Candidate and production side by side" className="mt-4 max-w-xl">
          <TableHead
            look="compact"
            columns={[
              <>On {comparison.n.toLocaleString("en")} held-out labels</>,
              { label: <>Candidate {request.versionName}</>, align: "right" },
              { label: <>Production {request.fromName ?? ""}</>, align: "right" },
            ]}
          />
          <TableBody>
            {rows.map((row) => (
              <tr key={row.label} className="border-b border-slate-100">
                <th scope="row" className="py-2 text-left font-normal text-slate-700">{row.label}</th>
                <td className={`py-2 text-right tabular-nums ${row.better === true ? "font-semibold text-emerald-700" : ""}`}>{row.candidate}</td>
                <td className={`py-2 text-right tabular-nums ${row.better === false ? "font-semibold text-emerald-700" : ""}`}>{row.production}</td>
              </tr>
            ))}
          </TableBody>
        </Table>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No held-out comparison: the version came from an outside pipeline (its own figures are in the table below), so an approver decides.</p>
      )}
    </Card>
  );
}
