import "server-only";
import { inArray } from "drizzle-orm";
import { monitors, retrainRuns } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";

export type MonitorRef = { id: string; name: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Monitors by id, for pages that mention one (a run it started, a deploy it asked for): people
 * read the monitor's name and follow a link, never a bare id. Runs keep the id as text (no foreign
 * key), so an id that is not a uuid or whose monitor was deleted is simply absent.
 */
export async function monitorRefs(db: DbOrTx, ids: readonly (string | null | undefined)[]): Promise<Map<string, MonitorRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && UUID.test(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: monitors.id, name: monitors.name }).from(monitors).where(inArray(monitors.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The monitor that started each run (when one did), by run id: a deploy it led to names and links it. */
export async function requestingMonitors(db: DbOrTx, runIds: readonly (string | null)[]): Promise<Map<string, MonitorRef>> {
  const ids = runIds.filter((id): id is string => Boolean(id));
  const runs = ids.length ? await db.select({ id: retrainRuns.id, monitorId: retrainRuns.monitorId }).from(retrainRuns).where(inArray(retrainRuns.id, ids)) : [];
  const refs = await monitorRefs(db, runs.map((r) => r.monitorId));
  return new Map(runs.flatMap((r) => (r.monitorId && refs.has(r.monitorId) ? [[r.id, refs.get(r.monitorId)!] as const] : [])));
}
