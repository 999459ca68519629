import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { listLabellingQueues, getLabellingQueue } from "@/lib/services/labelling";
import { ServiceError } from "@/lib/services/errors";
import type { LabellingQueueInfo } from "@/lib/labelling/types";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { LabellingWorkspace } from "@/components/labelling/labelling-workspace";

export const metadata: Metadata = { title: "Labelling" };

export default async function LabellingPage({ searchParams }: { searchParams: Promise<{ model?: string | string[] }> }) {
  const ctx = await requirePageUser("labels.write");
  const { model } = await searchParams;
  const slug = typeof model === "string" && model ? model : null;
  const queues = await listLabellingQueues(ctx);
  let queue: LabellingQueueInfo | null = null;
  let problem: string | null = null;
  if (slug) {
    try {
      queue = await getLabellingQueue(ctx, { model: slug });
    } catch (error) {
      if (!(error instanceof ServiceError) || (error.code !== "not_found" && error.code !== "invalid_input")) throw error;
      problem = error.message;
    }
  }

  return (
    <>
      <PageHeader title="Labelling queue" description="Label sampled production predictions, one at a time, keyboard first." />
      {problem ? (
        <div className="mb-6">
          <Alert>{problem}</Alert>
        </div>
      ) : null}
      {queues.length || queue ? (
        <LabellingWorkspace queues={queues} queue={queue} />
      ) : (
        <EmptyState title="Nothing to label right now">
          Items arrive here when a model&apos;s sampling policy sends a share of its predictions for human review. Your labels
          become the model&apos;s sampled accuracy.
        </EmptyState>
      )}
    </>
  );
}
