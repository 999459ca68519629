import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { CreateModelForm } from "@/components/models/create-model-form";

export const metadata: Metadata = { title: "Register a model" };

export default async function NewModelPage() {
  await requirePageUser("models.manage");
  return (
    <>
      <PageHeader title="Register a model" description="Tell Vigil what the model predicts; its predictions then arrive through the HTTP API." />
      <Card className="max-w-2xl p-6">
        <CreateModelForm />
      </Card>
    </>
  );
}
