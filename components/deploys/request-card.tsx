import Link from "next/link";
import type { DeployRequestView } from "@/lib/services/deploys";
import { ComparisonCard } from "@/components/registry/comparison-card";
import { when } from "@/components/registry/format";
import { DecisionForm } from "./decision-form";

/** One deploy request on the Actions page: the comparison, the approvals so far, and the decision. */
export function RequestCard({ request, viewerId }: { request: DeployRequestView; viewerId: string }) {
  const approvals = request.approvals.filter((a) => a.decision === "approve").length;
  return (
    <section aria-label={`Deploy ${request.model.name} ${request.version}`} className="space-y-3">
      <h2 className="text-lg font-semibold text-slate-900">
        <Link href={`/models/${request.model.slug}/versions`} className="hover:underline">{request.model.name}</Link>: deploy <span className="font-mono">{request.version}</span>
      </h2>
      <ComparisonCard request={{ ...request, versionName: request.version, fromName: request.from, requestedByLabel: request.requestedBy }} onActionsPage />
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm text-slate-700">
          Approvals: {approvals} of {request.approvalsRequired}
          {request.approvals.length ? ` (${request.approvals.map((a) => `${a.by} ${a.decision === "approve" ? "approved" : "rejected"}${a.comment ? `: “${a.comment}”` : ""} ${when(a.at)}`).join("; ")})` : ""}
        </p>
        {request.status === "pending" ? (
          <div className="mt-3"><DecisionForm requestId={request.id} version={request.version} ownRequest={request.requestedById === viewerId} /></div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">The deploy target is deploying it; the page shows the outcome when it answers.</p>
        )}
      </div>
    </section>
  );
}
