import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";
import { listDeployRequests } from "@/lib/services/deploys";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { RequestCard } from "@/components/deploys/request-card";
import { DecisionFlash } from "@/components/deploys/decision-flash";
import { percent, when } from "@/components/registry/format";
import type { GateComparison } from "@/lib/registry/gate";
import { Table, TableBody, TableHead } from "@/components/ui/table";

export const metadata: Metadata = { title: "Actions" };

const TONES = { deployed: "green", rejected: "red", failed: "red", superseded: "slate", pending: "amber", deploying: "blue" } as const;

export default async function ActionsPage() {
  const ctx = await requirePageUser("actions.decide");
  const { waiting, decided } = await listDeployRequests(ctx);
  return (
    <>
      <PageHeader title="Actions" description="Deploys waiting for a decision, and what was decided. The candidate and production are scored on the same held-out labels." />
      <DecisionFlash>
      <div className="space-y-8">
        {waiting.length === 0 ? (
          <EmptyState title="Nothing is waiting for approval">
            When a retrain makes a candidate that the model&apos;s policy does not deploy on its own, it waits here for an approver.
          </EmptyState>
        ) : (
          waiting.map((request) => <RequestCard key={request.id} request={request} viewerId={ctx.actor.id} />)
        )}
        <section aria-label="Decided">
          <h2 className="mb-3 text-lg font-semibold text-slate-900">Decided</h2>
          {decided.length === 0 ? (
            <p className="text-sm text-slate-600">No decisions yet.</p>
          ) : (
            <Card className="overflow-x-auto">
              <Table caption="Decided requests">
                <TableHead columns={["Model", "Version", "Outcome", { label: "Accuracy (candidate / production)", align: "right" }, "Decided by", "When"]} />
                <TableBody>
                  {decided.map((r) => {
                    const c = (r.evaluation.comparison ?? null) as GateComparison | null;
                    const deciders = r.approvals.map((a) => `${a.by}${a.comment ? ` (“${a.comment}”)` : ""}`).join(", ") || (r.status === "deployed" ? "automatic (no approver needed)" : "–");
                    return (
                      <tr key={r.id} className="border-t border-slate-100">
                        <td className="px-4 py-2"><Link href={`/models/${r.model.slug}/versions`} className="hover:underline">{r.model.name}</Link></td>
                        <td className="px-4 py-2 font-mono">{r.from ? `${r.from} → ` : ""}{r.version}</td>
                        <td className="px-4 py-2"><Badge tone={TONES[r.status]}>{r.status}</Badge></td>
                        <td className="px-4 py-2 text-right tabular-nums">{c ? `${percent(c.candidate.accuracy)} / ${percent(c.production?.accuracy)}` : "–"}</td>
                        <td className="px-4 py-2 text-slate-700">{deciders}</td>
                        <td className="px-4 py-2 text-slate-500">{when(r.decidedAt ?? r.createdAt)}</td>
                      </tr>
                    );
                  })}
                </TableBody>
              </Table>
            </Card>
          )}
        </section>
      </div>
      </DecisionFlash>
    </>
  );
}
