import "server-only";
import { eq } from "drizzle-orm";
import { notificationChannels } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { writeAudit } from "../audit";

/** Removes a channel; monitors that used it simply stop notifying it. */
export async function deleteChannel(ctx: ServiceContext, id: string): Promise<void> {
  assertPermission(ctx.actor, "notifications.manage");
  await ctx.db.transaction(async (tx) => {
    const [gone] = await tx.delete(notificationChannels).where(eq(notificationChannels.id, id)).returning();
    if (!gone) throw new ServiceError("not_found", "There is no such channel.");
    await writeAudit(tx, ctx.actor, { action: "notification_channel.deleted", targetType: "notification_channel", targetId: id, details: { name: gone.name, type: gone.type } });
  });
}
