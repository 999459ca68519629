import type { Metadata } from "next";
import Link from "next/link";
import { ModelTabs } from "@/components/registry/model-tabs";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { getModel } from "@/lib/services/models";
import { getModelMetrics } from "@/lib/services/metrics";
import { ServiceError } from "@/lib/services/errors";
import { listMonitors } from "@/lib/services/monitors";
import { chartThresholds } from "@/lib/monitors/chart-thresholds";
import { resolveRange, splitOf } from "@/lib/metrics/range";
import { MODEL_TASK_LABELS } from "@/lib/models/constants";
import { Badge } from "@/components/ui/badge";
import { ModelDashboard } from "./client";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ range?: string; from?: string; to?: string; bucket?: string; split?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const ctx = await requirePageUser("models.view");
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const model = await getModel(ctx, slug).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const choice = resolveRange(query);
  const segmentFeatures = model.segmentFeatures.map((f) => f.name);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request: when its figures were read
  const initialAt = Date.now();
  const [initial, watching] = await Promise.all([
    getModelMetrics(ctx, slug, { from: choice.from.toISOString(), to: choice.to.toISOString(), bucket: choice.bucket, segment: splitOf(query, segmentFeatures) ?? undefined }),
    listMonitors(ctx, { model: slug }),
  ]);

  return (
    <>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500"><Link href="/" className="hover:underline">Models</Link> /</p>
          <h1 className="text-2xl font-semibold tracking-tight">{model.name}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span className="font-mono">{model.slug}</span>
            <Badge tone={model.task === "regression" ? "violet" : "blue"}>{MODEL_TASK_LABELS[model.task]}</Badge>
            {model.description ? <span>{model.description}</span> : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {roleCan(ctx.actor.role, "labelling.manage") ? (
            <Link href={`/models/${model.slug}/labelling`} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              Labelling
            </Link>
          ) : null}
          {roleCan(ctx.actor.role, "models.manage") ? (
            <Link href={`/models/${model.slug}/settings`} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              Model settings
            </Link>
          ) : null}
        </div>
      </div>
      <ModelTabs slug={model.slug} current="" />
      <ModelDashboard slug={model.slug} segmentFeatures={segmentFeatures} params={query} initial={initial} initialAt={initialAt} choice={choice} thresholds={chartThresholds(watching)} canManage={roleCan(ctx.actor.role, "models.manage")} />
    </>
  );
}
