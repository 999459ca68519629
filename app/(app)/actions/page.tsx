import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Actions" };

export default async function ActionsPage() {
  await requirePageUser("actions.decide");
  return (
    <>
      <PageHeader title="Actions" description="Retrains and deploys waiting for a decision, and what was decided." />
      <EmptyState title="Nothing is waiting for approval">
        When a monitor proposes a retrain, or a candidate model is ready to replace production, it waits here for an
        approver.
      </EmptyState>
    </>
  );
}
