import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { listAlerts } from "@/lib/services/alerts";
import { listModels } from "@/lib/services/models";
import { ServiceError } from "@/lib/services/errors";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { SectionTabs } from "@/components/alerts/section-tabs";
import { ModelFilter } from "@/components/alerts/model-filter";
import { AlertsTable } from "@/components/alerts/alerts-table";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ model?: string }> }) {
  const ctx = await requirePageUser("models.view");
  const { model } = await searchParams;
  const [result, models] = await Promise.all([
    listAlerts(ctx, { model: model || undefined, limit: 200 }).catch((error: unknown) => {
      // An unknown slug, or one that is not even text a slug can be (`?model=%00`).
      if (error instanceof ServiceError && (error.code === "not_found" || error.code === "invalid_input")) return null;
      throw error;
    }),
    listModels(ctx),
  ]);
  const canAct = roleCan(ctx.actor.role, "monitors.manage");
  const open = result?.alerts.filter((a) => a.state === "firing") ?? [];
  const history = result?.alerts.filter((a) => a.state !== "firing") ?? [];
  return (
    <>
      <PageHeader title="Alerts" description="What the monitors found. Open alerts first; each links to its chart with the threshold and the point where it fired." />
      <SectionTabs current="alerts" model={model} />
      <ModelFilter models={models.map((m) => ({ slug: m.slug, name: m.name }))} current={model ?? ""} path="/alerts" />
      {result === null ? (
        <EmptyState title="No such model">There is no model with the slug {JSON.stringify(model)}. <Link className="underline" href="/alerts">Show every alert</Link>.</EmptyState>
      ) : result.alerts.length === 0 ? (
        <EmptyState title="No alerts">
          Nothing has fired{model ? " for this model" : ""}. <Link className="font-medium text-brand-700 underline" href="/monitors">See the monitors</Link>.
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <section aria-labelledby="open-alerts">
            <h2 id="open-alerts" className="mb-2 text-base font-semibold">Open <span className="text-slate-500">({open.length})</span></h2>
            {open.length ? <AlertsTable alerts={open} canAct={canAct} /> : <p className="text-sm text-slate-600">No open alerts.</p>}
          </section>
          <section aria-labelledby="alert-history">
            <h2 id="alert-history" className="mb-2 text-base font-semibold">History</h2>
            {history.length ? <AlertsTable alerts={history} canAct={false} /> : <p className="text-sm text-slate-600">No resolved alerts yet.</p>}
          </section>
        </div>
      )}
    </>
  );
}
