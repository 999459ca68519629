import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { alerts } from "@/lib/db/schema";
import { AlertsQuery } from "@/lib/monitors/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { loadAlertViews, type AlertView } from "./alert-view";

/** Alerts (of one model, in one state), open first; `open` counts every open one in scope. */
export async function listAlerts(ctx: ServiceContext, rawQuery: unknown): Promise<{ alerts: AlertView[]; open: number }> {
  assertAllowed(ctx.actor, { user: "models.view", key: "read" });
  const query = parseInput(AlertsQuery, rawQuery);
  let scope = undefined;
  if (query.model) {
    const model = await findModelBySlug(ctx.db, query.model);
    assertAllowed(ctx.actor, { user: "models.view", key: "read" }, model);
    scope = eq(alerts.modelId, model.id);
  } else if (ctx.actor.type === "api_key" && ctx.actor.modelIds) {
    scope = ctx.actor.modelIds.length ? inArray(alerts.modelId, ctx.actor.modelIds) : sql`false`;
  }
  const [list, [count]] = await Promise.all([
    loadAlertViews(ctx.db, and(scope, query.state ? eq(alerts.state, query.state) : undefined), query.limit),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(alerts).where(and(scope, eq(alerts.state, "firing"))),
  ]);
  return { alerts: list, open: count?.n ?? 0 };
}
