import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { getModel, getSegmentSettings } from "@/lib/services/models";
import { ServiceError } from "@/lib/services/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { ModelSettingsForm } from "@/components/models/model-settings-form";
import { SegmentFeaturesForm } from "@/components/models/segment-features-form";

export const metadata: Metadata = { title: "Model settings" };

export default async function ModelSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePageUser("models.manage");
  const { slug } = await params;
  const model = await getModel(ctx, slug).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const segments = await getSegmentSettings(ctx, model.slug);
  const day = (d: Date | null, endExclusive = false) => (d ? new Date(d.getTime() - (endExclusive ? 86_400_000 : 0)).toISOString().slice(0, 10) : "");
  return (
    <>
      <p className="text-sm text-slate-500"><Link href={`/models/${model.slug}`} className="hover:underline">{model.name}</Link> /</p>
      <PageHeader title="Model settings" description="How drift and ground truth are judged for this model, and which features its figures are split by." />
      <Card className="max-w-2xl p-6">
        <ModelSettingsForm
          slug={model.slug}
          initial={{ referenceFrom: day(model.referenceFrom), referenceTo: day(model.referenceTo, true), labelMaturityDays: model.labelMaturityDays, driftMinN: model.driftMinN }}
        />
      </Card>
      <Card className="mt-6 max-w-2xl p-6">
        <SegmentFeaturesForm slug={model.slug} candidates={segments.candidates} declared={segments.declared} rebuilding={segments.rebuilding} />
      </Card>
    </>
  );
}
