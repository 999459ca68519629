import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";
import { listModels } from "@/lib/services/models";
import { listChannels } from "@/lib/services/notifications";
import { listFeatureNames, listSliceValues } from "@/lib/services/monitors";
import { PageHeader } from "@/components/ui/page-header";
import { MonitorForm } from "@/components/monitors/monitor-form";
import { EMPTY_VALUES } from "@/components/monitors/form-values";

export const metadata: Metadata = { title: "New monitor" };

export default async function NewMonitorPage({ searchParams }: { searchParams: Promise<{ model?: string }> }) {
  const ctx = await requirePageUser("monitors.manage");
  const [{ model }, models, channels, features, sliceValues] = await Promise.all([searchParams, listModels(ctx), listChannels(ctx), listFeatureNames(ctx), listSliceValues(ctx)]);
  const chosen = models.find((m) => m.slug === model) ?? (models.length === 1 ? models[0] : undefined);
  return (
    <>
      <p className="text-sm text-slate-500"><Link href="/monitors" className="hover:underline">Monitors</Link> /</p>
      <PageHeader title="New monitor" description="Choose a figure and a line; the preview shows where the line falls against the last days before you save." />
      <MonitorForm
        models={models.map((m) => ({ slug: m.slug, name: m.name, task: m.task, classes: m.classes, features: features[m.slug] ?? [], segments: m.segmentFeatures.map((f) => ({ name: f.name, values: sliceValues[m.slug]?.[f.name] ?? [] })) }))}
        channels={channels.map((c) => ({ id: c.id, name: c.name, type: c.type }))}
        initial={{ ...EMPTY_VALUES, model: chosen?.slug ?? "", metric: chosen?.task === "regression" ? "mae" : chosen?.task === "multiclass" ? "estimatedAccuracy" : "positiveRate" }}
      />
    </>
  );
}
