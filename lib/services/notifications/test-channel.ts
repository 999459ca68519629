import "server-only";
import { eq, sql } from "drizzle-orm";
import { notificationAttempts, notificationChannels, notificationDeliveries } from "@/lib/db/schema";
import type { TestPayload } from "@/lib/notifications/payloads";
import { sendToChannel } from "@/lib/notifications/transport";
import { couldNotDeliver } from "@/lib/outbound/reference";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { openChannel } from "./open-channel";

/**
 * What "Send test" answers: the status code when the channel took it; otherwise the same words
 * whatever went wrong (refused address, closed port, timeout, error answer), so that the button
 * cannot map a network. The delivery log entry it names holds the detail.
 */
export type TestResult = { ok: true; statusCode: number | null; deliveryId: string } | { ok: false; message: string; deliveryId: string };

/** The Settings page's "Send test": one attempt now, logged like any delivery. */
export async function testChannel(ctx: ServiceContext, id: string): Promise<TestResult> {
  assertPermission(ctx.actor, "notifications.manage");
  const [channel] = await ctx.db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  if (!channel) throw new ServiceError("not_found", "There is no such channel.");
  const payload: TestPayload = { type: "test", message: `Test notification from Vigil for the channel ${channel.name}.`, sentAt: new Date().toISOString() };
  const outcome = await sendToChannel(openChannel(channel), payload);
  const deliveryId = await ctx.db.transaction(async (tx) => {
    const [delivery] = await tx
      .insert(notificationDeliveries)
      .values({ channelId: id, event: "test", payload, status: outcome.ok ? "delivered" : "failed", attempts: 1, lastStatusCode: outcome.statusCode, lastError: outcome.error, deliveredAt: outcome.ok ? sql`now()` : null })
      .returning({ id: notificationDeliveries.id });
    await tx.insert(notificationAttempts).values({ deliveryId: delivery!.id, attempt: 1, statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs });
    return delivery!.id;
  });
  return outcome.ok ? { ok: true, statusCode: outcome.statusCode, deliveryId } : { ok: false, message: couldNotDeliver(deliveryId), deliveryId };
}
