import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
import { notificationAttempts, notificationChannels, notificationDeliveries } from "@/lib/db/schema";
import { maskUrl } from "@/lib/notifications/schemas";
import type { ChannelType, DeliveryEvent, DeliveryStatus } from "@/lib/notifications/constants";
import { assertPermission, type ServiceContext } from "../context";
import { openChannel } from "./open-channel";

/** What the browser may see of a channel: no secret, and the URL's host only. */
export type ChannelView = { id: string; name: string; type: ChannelType; target: string; hasSecret: boolean; createdAt: string };

export async function listChannels(ctx: ServiceContext): Promise<ChannelView[]> {
  // Monitor editors pick channels by name; only admins manage them.
  assertPermission(ctx.actor, "monitors.manage");
  const rows = await ctx.db.select().from(notificationChannels).orderBy(asc(notificationChannels.name));
  return rows.map(openChannel).map((c) => ({
    id: c.id,
    name: c.name,
    type: c.type,
    target: c.type === "email" ? (c.recipients ?? "") : (maskUrl(c.url) ?? ""),
    hasSecret: Boolean(c.secret),
    createdAt: c.createdAt.toISOString(),
  }));
}

export type DeliveryLogEntry = {
  id: string;
  channelId: string;
  channelName: string;
  event: DeliveryEvent;
  alertId: string | null;
  status: DeliveryStatus;
  /** Why the last attempt failed; for a configuration error, that it was not retried. */
  lastError: string | null;
  attempts: { attempt: number; statusCode: number | null; error: string | null; durationMs: number; at: string }[];
  createdAt: string;
  deliveredAt: string | null;
};

/** The latest deliveries with every attempt's status code: the delivery log under Settings. */
export async function listDeliveries(ctx: ServiceContext, options: { limit?: number } = {}): Promise<DeliveryLogEntry[]> {
  assertPermission(ctx.actor, "notifications.manage");
  const deliveries = await ctx.db
    .select({ d: notificationDeliveries, channelName: notificationChannels.name })
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .orderBy(desc(notificationDeliveries.createdAt))
    .limit(options.limit ?? 50);
  const ids = deliveries.map((x) => x.d.id);
  const attempts = ids.length
    ? await ctx.db.select().from(notificationAttempts).where(sql`${notificationAttempts.deliveryId} in ${ids}`).orderBy(asc(notificationAttempts.attempt))
    : [];
  return deliveries.map(({ d, channelName }) => ({
    id: d.id,
    channelId: d.channelId,
    channelName,
    event: d.event,
    alertId: d.alertId,
    status: d.status,
    lastError: d.lastError,
    attempts: attempts.filter((a) => a.deliveryId === d.id).map((a) => ({ attempt: a.attempt, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, at: a.at.toISOString() })),
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  }));
}
