import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { CHANNEL_TYPES, DELIVERY_EVENTS, DELIVERY_STATUSES } from "@/lib/notifications/constants";
import { users } from "./users";

export const channelType = pgEnum("notification_channel_type", CHANNEL_TYPES);
export const deliveryStatus = pgEnum("notification_delivery_status", DELIVERY_STATUSES);
export const deliveryEvent = pgEnum("notification_delivery_event", DELIVERY_EVENTS);

/**
 * Where notifications go. `url` (webhook, Slack) and `secret` (the webhook's signing key) stay on
 * the server: the browser sees the host only and never the secret after creation.
 */
export const notificationChannels = pgTable("notification_channels", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  type: channelType().notNull(),
  url: text(),
  secret: text(),
  /** E-mail: the addresses, comma-separated. */
  recipients: text(),
  createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One notification of one channel: an outbox row written in the transaction that fired or
 * resolved the alert, then sent by the `deliver-notification` job (retried with backoff by
 * pg-boss). Unique per alert, channel and event, so evaluating twice cannot notify twice.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    channelId: uuid()
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    // No foreign key to alerts (schema order); a delivery of a deleted alert is history.
    alertId: uuid(),
    event: deliveryEvent().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: deliveryStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastError: text(),
    enqueuedAt: timestamp({ withTimezone: true }),
    /** A lease: the worker sending it now; another one leaves it alone until it is stale. */
    attemptStartedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_alert_channel_event").on(t.alertId, t.channelId, t.event),
    index("notification_deliveries_channel_created").on(t.channelId, t.createdAt.desc()),
    index("notification_deliveries_pending").on(t.createdAt).where(sql`status = 'pending'`),
  ],
);

/** Every attempt of a delivery, with the HTTP status it got: the delivery log. */
export const notificationAttempts = pgTable(
  "notification_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    deliveryId: uuid()
      .notNull()
      .references(() => notificationDeliveries.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_attempts_delivery").on(t.deliveryId, t.attempt)],
);

export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type NotificationAttempt = typeof notificationAttempts.$inferSelect;
