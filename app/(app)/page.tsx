import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { listModels } from "@/lib/services/models/list-models";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ModelCard } from "@/components/models/model-card";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsOverviewPage() {
  const ctx = await requirePageUser("models.view");
  const models = await listModels(ctx);

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model Vigil watches, with what it predicts and who owns it."
      />
      {models.length === 0 ? (
        <EmptyState title="No models are being watched yet">
          <p>
            A model appears here once it is registered with Vigil. Its predictions, drift and accuracy will be charted on
            its own page.
          </p>
          {ctx.actor.role !== "admin" ? <p className="mt-2">Ask an admin to register the models you work on.</p> : null}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Models">
          {models.map((model) => (
            <li key={model.id}>
              <ModelCard model={model} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
