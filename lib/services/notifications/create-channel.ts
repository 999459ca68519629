import { notificationChannels } from "@/lib/db/schema";
import { CreateChannelInput } from "@/lib/notifications/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit/write-audit";
import { isUniqueViolation } from "../postgres-errors";

/** Admins (or an admin key) add a channel. The secret is stored for signing and never shown again. */
export async function createChannel(ctx: ServiceContext, rawInput: unknown): Promise<{ id: string }> {
  assertAllowed(ctx.actor, { user: "notifications.manage", key: "admin" });
  const input = parseInput(CreateChannelInput, rawInput);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [channel] = await tx
        .insert(notificationChannels)
        .values({ name: input.name, type: input.type, url: input.url ?? null, secret: input.secret ?? null, recipients: input.recipients ?? null, createdBy: ctx.actor.type === "user" ? ctx.actor.id : null })
        .returning({ id: notificationChannels.id });
      // The audit row names the channel, never its URL or secret.
      await writeAudit(tx, ctx.actor, { action: "notification_channel.created", targetType: "notification_channel", targetId: channel!.id, details: { name: input.name, type: input.type } });
      return { id: channel!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", `A channel named ${JSON.stringify(input.name)} exists already.`, { name: ["Already in use"] });
    throw error;
  }
}
