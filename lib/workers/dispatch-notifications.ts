import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { claimUnqueuedDeliveries } from "@/lib/services/notifications";

/** Each minute: deliveries that no job carries (never queued, or lost) get a delivery job. */
export async function dispatchNotificationsWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.dispatchNotifications, async () => {
    const ids = await claimUnqueuedDeliveries(db);
    for (const deliveryId of ids) await enqueue(QUEUES.deliverNotification, { deliveryId }, {}, boss);
    return { queued: ids.length };
  });
}
