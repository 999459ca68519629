import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { listMonitors } from "@/lib/services/monitors";
import { listModels } from "@/lib/services/models";
import { POLICY_LABELS } from "@/lib/monitors/constants";
import { formatMetricValue } from "@/lib/notifications/payloads";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { SectionTabs } from "@/components/alerts/section-tabs";
import { ModelFilter } from "@/components/alerts/model-filter";
import { SeverityBadge, StateBadge } from "@/components/monitors/badges";
import { describeRule } from "@/components/monitors/describe-rule";

export const metadata: Metadata = { title: "Monitors" };

type Props = { searchParams: Promise<{ model?: string }> };

export default async function MonitorsPage({ searchParams }: Props) {
  const ctx = await requirePageUser("models.view");
  const { model } = await searchParams;
  const [monitors, models] = await Promise.all([listMonitors(ctx, { model: model || undefined }).catch(() => null), listModels(ctx)]);
  const canEdit = roleCan(ctx.actor.role, "monitors.manage");
  return (
    <>
      <PageHeader
        title="Monitors"
        description="Rules evaluated every minute over each model's figures. A monitor goes pending, then firing; a firing one resolves once the value is back past its resolve threshold."
        actions={canEdit ? <Link href={`/monitors/new${model ? `?model=${encodeURIComponent(model)}` : ""}`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">New monitor</Link> : null}
      />
      <SectionTabs current="monitors" model={model} />
      <ModelFilter models={models.map((m) => ({ slug: m.slug, name: m.name }))} current={model ?? ""} path="/monitors" />
      {monitors === null ? (
        <EmptyState title="No such model">There is no model with the slug {JSON.stringify(model)}. <Link className="underline" href="/monitors">Show every model&apos;s monitors</Link>.</EmptyState>
      ) : monitors.length === 0 ? (
        <EmptyState title="No monitors yet">
          {canEdit ? <>Create one to be told when a figure crosses a line: <Link className="font-medium text-brand-700 underline" href="/monitors/new">New monitor</Link>.</> : "Approvers and admins create monitors; ask one of them."}
        </EmptyState>
      ) : (
        <Card>
          <ul aria-label="Monitors" className="divide-y divide-slate-100">
            {monitors.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
                <div className="min-w-64 flex-1">
                  <Link href={`/monitors/${m.id}`} className="font-medium text-slate-900 hover:underline">{m.name}</Link>
                  <div className="text-xs text-slate-500">
                    {m.modelName} · {describeRule(m)} · {POLICY_LABELS[m.policy]}
                  </div>
                </div>
                <div className="text-right text-xs text-slate-600">
                  {m.lastEvaluatedAt ? <>last {formatMetricValue(m.metric, m.lastValue)} (n {m.lastN === null ? "—" : Math.round(m.lastN).toLocaleString("en")})</> : "not evaluated yet"}
                </div>
                <SeverityBadge severity={m.severity} />
                {m.enabled ? <StateBadge state={m.state} /> : <Badge>Disabled</Badge>}
                {m.openAlertId ? <Link href={`/alerts/${m.openAlertId}`} className="text-xs font-medium text-red-700 underline">open alert</Link> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
