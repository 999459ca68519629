import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";
import { roleCan } from "@/lib/auth/roles";
import { listModels } from "@/lib/services/models";
import { getModelHealth } from "@/lib/services/metrics";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { ModelCard } from "@/components/models/model-card";

export const metadata: Metadata = { title: "Models" };

const linkButton = "inline-flex items-center rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-xs hover:bg-brand-700";

export default async function ModelsOverviewPage({ searchParams }: { searchParams: Promise<{ created?: string }> }) {
  const ctx = await requirePageUser("models.view");
  const [models, { created }] = await Promise.all([listModels(ctx), searchParams]);
  const health = await Promise.all(models.map((m) => getModelHealth(ctx, m)));
  const canCreate = roleCan(ctx.actor.role, "models.manage");

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model Vigil watches: its health over the last 7 days, from drift and accuracy."
        actions={canCreate ? <Link href="/models/new" className={linkButton}>Register a model</Link> : null}
      />
      {created ? (
        <div className="mb-4">
          <Alert tone="success">
            Registered <span className="font-mono">{created}</span>. Send its predictions to <span className="font-mono">POST /api/v1/predictions</span> with an API key from Settings.
          </Alert>
        </div>
      ) : null}
      {models.length === 0 ? (
        <EmptyState title="No models are being watched yet">
          <p>A model appears here once it is registered. Its predictions, drift and accuracy are then charted on its own page.</p>
          {canCreate ? (
            <p className="mt-3">
              <Link href="/models/new" className="font-medium text-brand-700 hover:underline">Register the first model</Link>, or create one from a
              script with <span className="font-mono">POST /api/v1/models</span>.
            </p>
          ) : (
            <p className="mt-2">Ask an admin to register the models you work on.</p>
          )}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Models">
          {models.map((model, i) => (
            <li key={model.id}>
              <ModelCard model={model} health={health[i]!} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
