import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { deployViaWebhook } from "@/lib/services/deploys";

/** A webhook deploy or rollback: the target is called; its answer or callback switches production. */
export async function deployWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work<{ deploymentId: string }>(QUEUES.deploy, { batchSize: 1 }, async ([job]) => deployViaWebhook(db, job!.data.deploymentId));
}
