import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Labelling" };

export default async function LabellingPage() {
  await requirePageUser("labels.write");
  return (
    <>
      <PageHeader title="Labelling queue" description="Label sampled production predictions, one at a time, keyboard first." />
      <EmptyState title="Nothing to label right now">
        Items arrive here when a model&apos;s sampling policy sends a share of its predictions for human review. Your labels
        become the model&apos;s sampled accuracy.
      </EmptyState>
    </>
  );
}
