import "server-only";
import { eq } from "drizzle-orm";
import { monitors } from "@/lib/db/schema";
import { assertAllowed, type ServiceContext } from "../context";
import { writeAudit } from "../audit";
import { findMonitor } from "./monitor-view";

/** Deletes a monitor with its evaluations and alerts; the audit row keeps its definition. */
export async function deleteMonitor(ctx: ServiceContext, id: string): Promise<void> {
  assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" });
  await ctx.db.transaction(async (tx) => {
    const { monitor, model } = await findMonitor(tx, id);
    assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" }, model);
    await tx.delete(monitors).where(eq(monitors.id, id));
    await writeAudit(tx, ctx.actor, { action: "monitor.deleted", targetType: "monitor", targetId: id, modelId: model.id, details: { name: monitor.name, metric: monitor.metric, threshold: monitor.threshold } });
  });
}
