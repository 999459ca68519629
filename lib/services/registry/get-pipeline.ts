import "server-only";
import { eq } from "drizzle-orm";
import { modelPipelines, type ModelPipeline } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { openSecret } from "@/lib/secrets/key";
import { sealContext } from "@/lib/secrets/stored-secrets";

/** A model's pipeline settings, or the defaults when none were saved (no trainer, approval by one). */
export async function getPipeline(db: DbOrTx, modelId: string): Promise<ModelPipeline> {
  const [row] = await db.select().from(modelPipelines).where(eq(modelPipelines.modelId, modelId));
  return (
    row ?? {
      modelId,
      trainer: "none",
      trainerConfig: {},
      trainerSecret: null,
      schedule: null,
      scheduledTickAt: null,
      dataWindowDays: 30,
      deployTarget: "built-in",
      deployWebhookUrl: null,
      deployWebhookSecret: null,
      deployPolicy: "approval",
      approvalsRequired: 1,
      autoMargin: 0.01,
      autoMinN: 200,
      rollbackMonitorId: null,
      rollbackWindowMinutes: null,
      updatedAt: new Date(0),
    }
  );
}

/** What a page may see: the settings without their secrets, and whether each secret is set. */
export function publicPipeline(row: ModelPipeline) {
  const { trainerSecret, deployWebhookSecret, ...rest } = row;
  return { ...rest, hasTrainerSecret: Boolean(trainerSecret), hasDeployWebhookSecret: Boolean(deployWebhookSecret) };
}
export type PublicPipeline = ReturnType<typeof publicPipeline>;

/** The settings with their secrets opened, for the calls that send them (never for a page). */
export function withOpenSecrets(row: ModelPipeline): ModelPipeline {
  return {
    ...row,
    trainerSecret: openSecret(row.trainerSecret, sealContext("trainerSecret", row.modelId)),
    deployWebhookSecret: openSecret(row.deployWebhookSecret, sealContext("deployWebhookSecret", row.modelId)),
  };
}
