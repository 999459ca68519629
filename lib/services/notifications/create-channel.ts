import "server-only";
import crypto from "node:crypto";
import { notificationChannels } from "@/lib/db/schema";
import { CreateChannelInput } from "@/lib/notifications/schemas";
import { sealSecret } from "@/lib/secrets/key";
import { sealContext } from "@/lib/secrets/stored-secrets";
import { assertAllowed, assertEveryModel, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { isUniqueViolation } from "../postgres-errors";
import { assertDestinations } from "../outbound";

/**
 * Admins (or an admin key for every model) add a channel. Its URL must be one Vigil may call; the
 * URL and the secret are stored encrypted, and the secret is never shown again.
 */
export async function createChannel(ctx: ServiceContext, rawInput: unknown): Promise<{ id: string }> {
  assertAllowed(ctx.actor, { user: "notifications.manage", key: "admin" });
  // Channels serve every model's monitors: a key limited to some models may not add one.
  assertEveryModel(ctx.actor, "Notification channels serve every model");
  const input = parseInput(CreateChannelInput, rawInput);
  await assertDestinations({ url: input.url });
  const id = crypto.randomUUID();
  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.insert(notificationChannels).values({
        id,
        name: input.name,
        type: input.type,
        url: sealSecret(input.url, sealContext("channelUrl", id)),
        secret: sealSecret(input.secret, sealContext("channelSecret", id)),
        recipients: input.recipients ?? null,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      });
      // The audit row names the channel and its host, never its URL or secret.
      await writeAudit(tx, ctx.actor, { action: "notification_channel.created", targetType: "notification_channel", targetId: id, details: { name: input.name, type: input.type, host: input.url ? new URL(input.url).host : null } });
      return { id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", `A channel named ${JSON.stringify(input.name)} exists already.`, { name: ["Already in use"] });
    throw error;
  }
}
