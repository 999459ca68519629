import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { ServiceError } from "@/lib/services/errors";
import { listRuns } from "@/lib/services/runs";
import { getVersionsOverview } from "@/lib/services/registry";
import { PageHeader } from "@/components/ui/page-header";
import { ModelTabs } from "@/components/registry/model-tabs";
import { RunsLive } from "@/components/runs/runs-live";

export const metadata: Metadata = { title: "Retrain runs" };

export default async function RunsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePageUser("models.view");
  const { slug } = await params;
  const [runs, overview] = await Promise.all([listRuns(ctx, slug), getVersionsOverview(ctx, slug)]).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <p className="text-sm text-slate-500"><Link href={`/models/${slug}`} className="hover:underline">{runs.model.name}</Link> /</p>
      <PageHeader title="Retrain runs" description={`Every retrain of ${runs.model.name}: who or what started it, its progress and log. Pages refresh on their own.`} />
      <ModelTabs slug={slug} current="/runs" />
      <RunsLive slug={slug} initial={runs} canStart={roleCan(ctx.actor.role, "runs.start")} trainerReady={overview.pipeline.trainer !== "none"} />
    </>
  );
}
