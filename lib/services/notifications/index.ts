import "server-only";
// What code outside lib/services/notifications/ may import from it (test/layout.test.ts holds callers to this file).

export { createChannel } from "./create-channel";
export { deleteChannel } from "./delete-channel";
export { claimUnqueuedDeliveries, deliverNotification } from "./deliver-notification";
export { listChannels, listDeliveries } from "./list-channels";
export type { DeliveryLogEntry } from "./list-channels";
export { queueAlertDeliveries } from "./queue-alert-deliveries";
export { testChannel } from "./test-channel";
