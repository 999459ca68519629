import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { getMonitor, listFeatureNames, listSliceValues } from "@/lib/services/monitors";
import { listModels } from "@/lib/services/models";
import { listChannels } from "@/lib/services/notifications";
import { ServiceError } from "@/lib/services/errors";
import { PageHeader } from "@/components/ui/page-header";
import { MonitorForm } from "@/components/monitors/monitor-form";
import { toFormValues } from "@/components/monitors/form-values";

export const metadata: Metadata = { title: "Edit monitor" };

export default async function EditMonitorPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageUser("monitors.manage");
  const { id } = await params;
  const monitor = await getMonitor(ctx, id).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const [models, channels, features, sliceValues] = await Promise.all([listModels(ctx), listChannels(ctx), listFeatureNames(ctx), listSliceValues(ctx)]);
  return (
    <>
      <p className="text-sm text-slate-500"><Link href="/monitors" className="hover:underline">Monitors</Link> / <Link href={`/monitors/${id}`} className="hover:underline">{monitor.name}</Link> /</p>
      <PageHeader title={`Edit ${monitor.name}`} description="Changes apply from the next evaluation; the monitor keeps its state and its alerts." />
      <MonitorForm
        monitorId={id}
        models={models.map((m) => ({ slug: m.slug, name: m.name, task: m.task, classes: m.classes, features: features[m.slug] ?? [], segments: m.segmentFeatures.map((f) => ({ name: f.name, values: sliceValues[m.slug]?.[f.name] ?? [] })) }))}
        channels={channels.map((c) => ({ id: c.id, name: c.name, type: c.type }))}
        initial={toFormValues(monitor)}
      />
    </>
  );
}
