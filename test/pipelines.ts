import { modelPipelines } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { sealSecret } from "@/lib/secrets/key";
import { sealContext } from "@/lib/secrets/stored-secrets";

type PipelineRow = typeof modelPipelines.$inferInsert;

/** Stores a model's pipeline settings directly, with its secrets sealed as the services store them. */
export async function insertPipeline(db: Database, values: PipelineRow): Promise<void> {
  await db.insert(modelPipelines).values({
    ...values,
    trainerSecret: sealSecret(values.trainerSecret, sealContext("trainerSecret", values.modelId)),
    deployWebhookSecret: sealSecret(values.deployWebhookSecret, sealContext("deployWebhookSecret", values.modelId)),
  });
}
