import "server-only";
import type { NotificationChannel } from "@/lib/db/schema";
import { openSecret } from "@/lib/secrets/key";
import { sealContext } from "@/lib/secrets/stored-secrets";

/** A channel with its URL and secret opened, for the transport that sends to it (never for a page). */
export function openChannel(row: NotificationChannel): NotificationChannel {
  return { ...row, url: openSecret(row.url, sealContext("channelUrl", row.id)), secret: openSecret(row.secret, sealContext("channelSecret", row.id)) };
}
