import "server-only";
import { eq, sql } from "drizzle-orm";
import { monitorChannels, monitors } from "@/lib/db/schema";
import { MonitorDefinition } from "@/lib/monitors/schemas";
import { assertAllowed, assertEveryModel, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { isUniqueViolation } from "../postgres-errors";
import { findModelBySlug } from "../models";
import { checkDefinitionAgainstModel, definitionColumns } from "./check-definition";
import { findMonitor, loadMonitorView, type MonitorView } from "./monitor-view";

/**
 * Replaces a monitor's definition (PUT). Its state carries on: the next evaluation judges the
 * current value by the new rule, so raising a threshold above a firing value resolves the alert
 * then, with a notification, rather than silently now.
 */
export async function updateMonitor(ctx: ServiceContext, id: string, rawInput: unknown): Promise<MonitorView> {
  assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" });
  const input = parseInput(MonitorDefinition, rawInput);
  try {
    return await ctx.db.transaction(async (tx) => {
      const { monitor: before, model: oldModel } = await findMonitor(tx, id);
      assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" }, oldModel);
      const model = await findModelBySlug(tx, input.model);
      if (model.id !== oldModel.id) throw new ServiceError("invalid_input", "model: a monitor stays on its model; create a new one instead", { model: ["A monitor cannot move to another model"] });
      // A key limited to some models may keep or drop the channels an admin attached, not add any.
      const attached = await tx.select({ channelId: monitorChannels.channelId }).from(monitorChannels).where(eq(monitorChannels.monitorId, id));
      if (input.channels.some((channelId) => !attached.some((a) => a.channelId === channelId))) {
        assertEveryModel(ctx.actor, "Attaching notification channels sends to destinations every model shares");
      }
      await checkDefinitionAgainstModel(tx, model, input);
      // A sequential monitor starts afresh on its new definition: its design and sums belong to the old one.
      await tx.update(monitors).set({ ...definitionColumns(input), sequentialState: null, updatedAt: sql`now()` }).where(eq(monitors.id, id));
      await tx.delete(monitorChannels).where(eq(monitorChannels.monitorId, id));
      if (input.channels.length) await tx.insert(monitorChannels).values(input.channels.map((channelId) => ({ monitorId: id, channelId })));
      const { id: _id, modelId: _m, state: _s, consecutive: _c, lastTick: _t, lastValue: _v, lastN: _n, createdAt: _ca, updatedAt: _u, createdBy: _cb, silencedUntil: _su, sequentialState: _ss, ...oldDefinition } = before;
      await writeAudit(tx, ctx.actor, { action: "monitor.updated", targetType: "monitor", targetId: id, modelId: model.id, details: { from: oldDefinition, to: input } });
      return loadMonitorView(tx, id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", `The model already has a monitor named ${JSON.stringify(input.name)}.`, { name: ["Already in use on this model"] });
    throw error;
  }
}
