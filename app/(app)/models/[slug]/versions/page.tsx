import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { ServiceError } from "@/lib/services/errors";
import { getVersionsOverview } from "@/lib/services/registry";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ModelTabs } from "@/components/registry/model-tabs";
import { ComparisonCard } from "@/components/registry/comparison-card";
import { PipelinePolicyForm } from "@/components/registry/pipeline-policy-form";
import { PipelineConnectionsForm } from "@/components/registry/pipeline-connections-form";
import { PipelineConnectionsSummary } from "@/components/registry/pipeline-connections-summary";
import { RequestDeployButton, VersionsToolbar } from "@/components/registry/version-buttons";
import { number, percent, when } from "@/components/registry/format";
import { Table, TableBody, TableHead } from "@/components/ui/table";

export const metadata: Metadata = { title: "Versions" };

const STATUS_TONE = { production: "green", candidate: "amber", archived: "slate" } as const;
const SOURCE_LABEL = { traffic: "seen in traffic", "built-in": "built-in trainer", pipeline: "outside pipeline" } as const;

export default async function VersionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePageUser("models.view");
  const { slug } = await params;
  const data = await getVersionsOverview(ctx, slug).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const canStart = roleCan(ctx.actor.role, "runs.start");
  const canDecide = roleCan(ctx.actor.role, "actions.decide");
  const canConnect = roleCan(ctx.actor.role, "integrations.manage");
  return (
    <>
      <p className="text-sm text-slate-500"><Link href={`/models/${slug}`} className="hover:underline">{data.model.name}</Link> /</p>
      <PageHeader
        title="Versions"
        description={data.production ? `${data.production.name} serves in production since ${when(data.production.promotedAt)}.` : "No version is in production yet."}
      />
      <ModelTabs slug={slug} current="/versions" />
      <div className="space-y-6">
        <VersionsToolbar slug={slug} canStart={canStart} canDecide={canDecide} rollbackTo={data.rollbackTo} production={data.production?.name ?? null} trainerReady={data.pipeline.trainer !== "none"} />
        {data.latestRequest ? <ComparisonCard request={data.latestRequest} currentProduction={data.production?.name ?? null} /> : null}
        {data.versions.length === 0 ? (
          <EmptyState title="No versions yet">Versions appear when traffic names one, when a retrain finishes, or when a pipeline registers one.</EmptyState>
        ) : (
          <Card className="overflow-x-auto">
            <Table label="Versions">
              <TableHead
                columns={[
                  "Version",
                  "Status",
                  { label: "Accuracy", align: "right" },
                  { label: "F1", align: "right" },
                  { label: "ROC AUC", align: "right" },
                  "Trained on",
                  "Lineage",
                  { label: "Actions", hidden: true },
                ]}
              />
              <TableBody>
                {data.versions.map((v) => (
                  <tr key={v.id} className="border-t border-slate-100" data-testid={`version-${v.name}`}>
                    <td className="px-4 py-2">
                      <div className="font-mono font-medium text-slate-900">{v.name}</div>
                      <div className="max-w-56 truncate text-xs text-slate-500" title={v.artifactUri ?? ""}>{v.artifactUri ?? SOURCE_LABEL[v.source]}</div>
                    </td>
                    <td className="px-4 py-2"><Badge tone={STATUS_TONE[v.status]}>{v.status}</Badge></td>
                    <td className="px-4 py-2 text-right tabular-nums">{percent(v.metrics.accuracy)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{number(v.metrics.f1)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{number(v.metrics.auc)}</td>
                    <td className="px-4 py-2 text-slate-600">
                      {v.trainingExamples ? `${v.trainingExamples.toLocaleString("en")} examples` : SOURCE_LABEL[v.source]}
                      {v.trainingTo ? <div className="text-xs text-slate-500">data to {when(v.trainingTo).slice(0, 10)}{v.metrics.heldOutN ? ` · ${v.metrics.heldOutN} held out` : ""}</div> : null}
                    </td>
                    <td className="px-4 py-2 text-xs text-slate-600">
                      {v.runId ? <Link href={`/models/${slug}/runs`} className="text-brand-700 underline">{v.runTrigger ?? ""} run</Link> : SOURCE_LABEL[v.source]}
                      {v.replacesName ? <div>replaced {v.replacesName}</div> : null}
                    </td>
                    <td className="px-4 py-2 text-right">
                      {canStart && v.status !== "production" && v.source !== "traffic" ? <RequestDeployButton slug={slug} versionId={v.id} name={v.name} /> : null}
                    </td>
                  </tr>
                ))}
              </TableBody>
            </Table>
          </Card>
        )}
        {data.deployments.length ? (
          <Card className="p-5">
            <h2 className="text-base font-semibold text-slate-900">Deploys and rollbacks</h2>
            <ul className="mt-3 space-y-1 text-sm text-slate-700" aria-label="Deploy history">
              {data.deployments.map((d) => (
                <li key={d.id}>
                  <span className="tabular-nums text-slate-500">{when(d.createdAt)}</span> · {d.kind === "rollback" ? "Rolled back" : "Deployed"} {d.previousName ? `${d.previousName} → ` : ""}<span className="font-mono">{d.versionName}</span> by {d.actorLabel} ({d.target}) · <Badge tone={d.status === "succeeded" ? "green" : d.status === "failed" ? "red" : "amber"}>{d.status}</Badge>
                  {d.message ? <span className="text-slate-500"> · {d.message}</span> : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {canStart ? (
          <Card className="p-6">
            <h2 className="mb-4 text-base font-semibold text-slate-900">Retrain and deploy policy</h2>
            <PipelinePolicyForm slug={slug} pipeline={data.pipeline} monitors={data.monitors} />
          </Card>
        ) : null}
        {canStart ? (
          <Card className="p-6">
            <h2 className="mb-1 text-base font-semibold text-slate-900">Where runs and deploys go</h2>
            <p className="mb-4 text-sm text-slate-600">Vigil calls public addresses only, and hosts listed in VIGIL_OUTBOUND_ALLOW.</p>
            {canConnect ? <PipelineConnectionsForm slug={slug} pipeline={data.pipeline} /> : <PipelineConnectionsSummary pipeline={data.pipeline} />}
          </Card>
        ) : null}
      </div>
    </>
  );
}
