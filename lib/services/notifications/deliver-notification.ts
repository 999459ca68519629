import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { notificationAttempts, notificationChannels, notificationDeliveries } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { AlertPayload } from "@/lib/notifications/payloads";
import { sendToChannel } from "@/lib/notifications/transport";
import { QUEUES } from "@/lib/jobs/queues";
import { idsWithLiveJobs } from "@/lib/jobs/live-jobs";
import { openChannel } from "./open-channel";

/** A lease: a second worker holding the same job leaves a delivery alone while one is sending it. */
const LEASE = sql`interval '2 minutes'`;

export class DeliveryFailed extends Error {}

/**
 * One attempt at a pending delivery (the `deliver-notification` job). Success marks it delivered;
 * a failure is logged with its status code and thrown, so pg-boss retries with backoff, until the
 * last attempt marks it failed; a configuration error (no SMTP server, no URL) fails it at once,
 * without retries, saying so. Already delivered or failed, or being sent: nothing happens.
 */
export async function deliverNotification(db: Database, deliveryId: string, options: { lastAttempt: boolean }): Promise<"delivered" | "failed" | "skipped"> {
  const [claimed] = await db
    .update(notificationDeliveries)
    .set({ attemptStartedAt: sql`now()`, attempts: sql`${notificationDeliveries.attempts} + 1` })
    .where(
      and(
        eq(notificationDeliveries.id, deliveryId),
        eq(notificationDeliveries.status, "pending"),
        sql`(${notificationDeliveries.attemptStartedAt} is null or ${notificationDeliveries.attemptStartedAt} < now() - ${LEASE})`,
      ),
    )
    .returning();
  if (!claimed) return "skipped";
  const [channel] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, claimed.channelId));
  if (!channel) return "skipped";

  const outcome = await sendToChannel(openChannel(channel), claimed.payload as AlertPayload);
  // A configuration error fails at once: retrying would only repeat it, and hide it for minutes.
  const final = outcome.ok || options.lastAttempt || !outcome.retry;
  await db.transaction(async (tx) => {
    await tx.insert(notificationAttempts).values({ deliveryId, attempt: claimed.attempts, statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs });
    await tx
      .update(notificationDeliveries)
      .set({
        status: outcome.ok ? "delivered" : final ? "failed" : "pending",
        lastStatusCode: outcome.statusCode,
        lastError: outcome.ok || outcome.retry ? outcome.error : `${outcome.error}: a setting to fix, so not retried`,
        attemptStartedAt: null,
        deliveredAt: outcome.ok ? sql`now()` : null,
      })
      .where(eq(notificationDeliveries.id, deliveryId));
  });
  if (outcome.ok) return "delivered";
  if (final) return "failed";
  throw new DeliveryFailed(`delivery ${deliveryId} to ${channel.name}: ${outcome.error}`);
}

/**
 * The schedule's sweep: pending deliveries that no job carries: never handed to pg-boss (the web
 * process had no worker, or stopped in between), or whose job ended without settling them (a worker
 * killed past its retries). A delivery whose job is still waiting, retrying or running is left to
 * it. Returns their ids, marked as queued, for the caller to send.
 */
export async function claimUnqueuedDeliveries(db: Database, limit = 500): Promise<string[]> {
  const unsettled = sql`status = 'pending' and event <> 'test'
    and (enqueued_at is null and created_at < now() - interval '20 seconds' or enqueued_at < now() - interval '1 minute')`;
  const candidates = await db.execute<{ id: string }>(sql`select id from notification_deliveries where ${unsettled} order by created_at limit ${limit}`);
  const carried = await idsWithLiveJobs(db, QUEUES.deliverNotification, "deliveryId", candidates.map((c) => c.id));
  const lost = candidates.map((c) => c.id).filter((id) => !carried.has(id));
  if (!lost.length) return [];
  // Claimed under a row lock: of two sweeps at once, one sends each delivery.
  const rows = await db.execute<{ id: string }>(sql`
    update notification_deliveries set enqueued_at = now()
    where id in (
      select id from notification_deliveries
      where id in (${sql.join(lost.map((id) => sql`${id}::uuid`), sql`, `)}) and ${unsettled}
      for update skip locked)
    returning id`);
  return rows.map((r) => r.id);
}
