import "server-only";
import { eq, sql } from "drizzle-orm";
import { alertEvents, alerts, monitors } from "@/lib/db/schema";
import { AlertRef, SilenceInput } from "@/lib/monitors/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";

const actorLabel = (ctx: ServiceContext) => (ctx.actor.type === "user" ? ctx.actor.email : ctx.actor.type === "api_key" ? `API key ${ctx.actor.name}` : ctx.actor.label);

/** Someone is on it: the alert says who and since when. Acknowledging twice changes nothing. */
export async function acknowledgeAlert(ctx: ServiceContext, rawInput: unknown): Promise<{ acknowledgedAt: string }> {
  assertPermission(ctx.actor, "monitors.manage");
  const { alertId } = parseInput(AlertRef, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, alertId)).for("update");
    if (!alert) throw new ServiceError("not_found", "There is no such alert.");
    if (alert.acknowledgedAt) return { acknowledgedAt: alert.acknowledgedAt.toISOString() };
    const [updated] = await tx.update(alerts).set({ acknowledgedAt: sql`now()`, acknowledgedBy: actorLabel(ctx) }).where(eq(alerts.id, alertId)).returning();
    await tx.insert(alertEvents).values({ alertId, type: "acknowledged", actor: actorLabel(ctx) });
    await writeAudit(tx, ctx.actor, { action: "alert.acknowledged", targetType: "alert", targetId: alertId, modelId: alert.modelId });
    return { acknowledgedAt: updated!.acknowledgedAt!.toISOString() };
  });
}

/**
 * Silences until a time (null lifts it) either the alert's monitor (no notifications for this
 * alert and any the monitor fires meanwhile) or this alert alone (its resolution sends nothing;
 * the monitor's next alert notifies). Evaluation and the alert itself carry on. Audited.
 */
export async function silenceAlert(ctx: ServiceContext, rawInput: unknown): Promise<{ silencedUntil: string | null }> {
  assertPermission(ctx.actor, "monitors.manage");
  const input = parseInput(SilenceInput, rawInput);
  const until = input.until ? new Date(input.until) : null;
  if (until && until.getTime() <= Date.now()) throw new ServiceError("invalid_input", "until: choose a time in the future", { until: ["Choose a time in the future"] });
  return ctx.db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, input.alertId));
    if (!alert) throw new ServiceError("not_found", "There is no such alert.");
    const details = { alertId: alert.id, until: until?.toISOString() ?? null };
    if (input.scope === "alert") {
      await tx.update(alerts).set({ silencedUntil: until }).where(eq(alerts.id, alert.id));
      await writeAudit(tx, ctx.actor, { action: until ? "alert.silenced" : "alert.unsilenced", targetType: "alert", targetId: alert.id, modelId: alert.modelId, details });
    } else {
      await tx.update(monitors).set({ silencedUntil: until }).where(eq(monitors.id, alert.monitorId));
      await writeAudit(tx, ctx.actor, { action: until ? "monitor.silenced" : "monitor.unsilenced", targetType: "monitor", targetId: alert.monitorId, modelId: alert.modelId, details });
    }
    await tx.insert(alertEvents).values({ alertId: alert.id, type: until ? "silenced" : "unsilenced", actor: actorLabel(ctx), details: { ...(until ? { until: until.toISOString() } : {}), scope: input.scope } });
    return { silencedUntil: until?.toISOString() ?? null };
  });
}
