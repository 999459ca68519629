import "server-only";
import { eq } from "drizzle-orm";
import { monitorChannels, notificationDeliveries, type AlertRow, type Model, type Monitor } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { AlertPayload } from "@/lib/notifications/payloads";
import { publicUrl } from "@/lib/outbound/public-url";

export function alertPayload(type: AlertPayload["type"], alert: AlertRow, monitor: Monitor, model: Pick<Model, "slug">): AlertPayload {
  return {
    type,
    model: model.slug,
    monitor: { id: monitor.id, name: monitor.name, metric: monitor.metric, comparison: monitor.comparison, severity: monitor.severity },
    alert: {
      id: alert.id,
      state: alert.state,
      value: type === "alert.resolved" ? alert.resolvedValue : alert.value,
      threshold: alert.threshold,
      n: alert.n,
      firedAt: alert.firedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      url: publicUrl(`/alerts/${alert.id}`),
    },
  };
}

/**
 * The outbox: one pending delivery per channel of the monitor, in the transaction that fired or
 * resolved the alert, so a notification is never sent for a change that rolled back, nor lost
 * for one that committed. Nothing is queued while the monitor, or this alert, is silenced.
 */
export async function queueAlertDeliveries(tx: DbOrTx, type: AlertPayload["type"], alert: AlertRow, monitor: Monitor, model: Pick<Model, "slug">, now: Date): Promise<string[]> {
  if (monitor.silencedUntil && monitor.silencedUntil > now) return [];
  if (alert.silencedUntil && alert.silencedUntil > now) return [];
  const channels = await tx.select({ id: monitorChannels.channelId }).from(monitorChannels).where(eq(monitorChannels.monitorId, monitor.id));
  if (!channels.length) return [];
  const payload = alertPayload(type, alert, monitor, model);
  const rows = await tx
    .insert(notificationDeliveries)
    .values(channels.map((c) => ({ channelId: c.id, alertId: alert.id, event: type, payload })))
    .onConflictDoNothing()
    .returning({ id: notificationDeliveries.id });
  return rows.map((r) => r.id);
}
