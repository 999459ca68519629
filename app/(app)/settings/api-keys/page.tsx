import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { listApiKeys } from "@/lib/services/api-keys";
import { listModels } from "@/lib/services/models";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await requirePageUser("users.manage");
  const [keys, models] = await Promise.all([listApiKeys(ctx), listModels(ctx)]);
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let model servers, pipelines and labelling tools call Vigil's HTTP API. Only a hash of each key is stored."
      />
      <div className="space-y-6">
        <Card>
          <ApiKeysTable
            keys={keys.map((k) => ({
              ...k,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revokedAt: k.revokedAt?.toISOString() ?? null,
            }))}
          />
        </Card>
        <Card className="p-5">
          <h2 className="text-base font-semibold">Create a key</h2>
          <p className="mt-1 text-sm text-slate-600">The key is shown once, right after it is created. Store it in your client&apos;s secret store.</p>
          <CreateApiKeyForm models={models.map((m) => ({ slug: m.slug, name: m.name }))} />
        </Card>
      </div>
    </>
  );
}
