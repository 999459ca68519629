import "server-only";
import { monitorChannels, monitors } from "@/lib/db/schema";
import { MonitorDefinition } from "@/lib/monitors/schemas";
import { assertAllowed, assertEveryModel, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { isUniqueViolation } from "../postgres-errors";
import { findModelBySlug } from "../models";
import { checkDefinitionAgainstModel, definitionColumns } from "./check-definition";
import { loadMonitorView, type MonitorView } from "./monitor-view";

export async function createMonitor(ctx: ServiceContext, rawInput: unknown): Promise<MonitorView> {
  assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" });
  const input = parseInput(MonitorDefinition, rawInput);
  try {
    return await ctx.db.transaction(async (tx) => {
      const model = await findModelBySlug(tx, input.model);
      assertAllowed(ctx.actor, { user: "monitors.manage", key: "admin" }, model);
      if (input.channels.length) assertEveryModel(ctx.actor, "Attaching notification channels sends to destinations every model shares");
      await checkDefinitionAgainstModel(tx, model, input);
      const [monitor] = await tx
        .insert(monitors)
        .values({ ...definitionColumns(input), modelId: model.id, createdBy: ctx.actor.type === "user" ? ctx.actor.id : null })
        .returning();
      if (input.channels.length) await tx.insert(monitorChannels).values(input.channels.map((channelId) => ({ monitorId: monitor!.id, channelId })));
      await writeAudit(tx, ctx.actor, { action: "monitor.created", targetType: "monitor", targetId: monitor!.id, modelId: model.id, details: { definition: input } });
      return loadMonitorView(tx, monitor!.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError("conflict", `The model already has a monitor named ${JSON.stringify(input.name)}.`, { name: ["Already in use on this model"] });
    throw error;
  }
}
