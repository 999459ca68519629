import "server-only";
import { eq, inArray } from "drizzle-orm";
import { monitors } from "@/lib/db/schema";
import { assertAllowed, type ServiceContext } from "../context";
import { findModelBySlug } from "../models";
import { findMonitor, loadMonitorView, loadMonitorViews, type MonitorView } from "./monitor-view";

/** Every monitor (of one model when a slug is given) that the caller may see. Viewers read. */
export async function listMonitors(ctx: ServiceContext, options: { model?: string } = {}): Promise<MonitorView[]> {
  assertAllowed(ctx.actor, { user: "models.view", key: "read" });
  if (options.model) {
    const model = await findModelBySlug(ctx.db, options.model);
    assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
    return loadMonitorViews(ctx.db, eq(monitors.modelId, model.id));
  }
  const scope = ctx.actor.type === "api_key" ? ctx.actor.modelIds : null;
  if (scope && !scope.length) return [];
  return loadMonitorViews(ctx.db, scope ? inArray(monitors.modelId, scope) : undefined);
}

export async function getMonitor(ctx: ServiceContext, id: string): Promise<MonitorView> {
  assertAllowed(ctx.actor, { user: "models.view", key: "read" });
  const { model } = await findMonitor(ctx.db, id);
  assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
  return loadMonitorView(ctx.db, id);
}
