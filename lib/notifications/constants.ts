// Client-safe constants about notification channels and deliveries.

export const CHANNEL_TYPES = ["webhook", "slack", "email"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  webhook: "Signed webhook",
  slack: "Slack incoming webhook",
  email: "E-mail (SMTP)",
};

export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "skipped"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_EVENTS = ["alert.firing", "alert.resolved", "test"] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

/** pg-boss retries a failed delivery this often, waiting 10 s, 20 s, 40 s, … (retryBackoff). */
export const DELIVERY_RETRY_LIMIT = 5;
export const DELIVERY_RETRY_DELAY_SECONDS = 10;
export const DELIVERY_TIMEOUT_MS = 10_000;
