import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { deliverNotification } from "@/lib/services/notifications";

/** A failure throws, so pg-boss retries with backoff; the last attempt marks the delivery failed. */
export async function deliverNotificationWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work<{ deliveryId: string }>(QUEUES.deliverNotification, { includeMetadata: true }, async ([job]) => ({
    result: await deliverNotification(db, job!.data.deliveryId, { lastAttempt: job!.retryCount >= job!.retryLimit }),
  }));
}
