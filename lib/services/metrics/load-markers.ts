import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import type { Marker } from "@/lib/metrics/metrics-types";


/**
 * The markers of the range (API.md, Metrics out): the model's deploys and rollbacks that took effect in [from, to), in time order: deployments
 * that succeeded, at the moment they finished (when production switched).
 */
export async function loadMarkers(db: DbOrTx, modelId: string, from: Date, to: Date): Promise<Marker[]> {
  const rows = await db.execute<{ at: number; kind: "deploy" | "rollback"; version: string }>(sql`
    select extract(epoch from coalesce(d.finished_at, d.created_at))::float8 * 1000 as at, d.kind, v.name as version
    from deployments d join model_versions v on v.id = d.version_id
    where d.model_id = ${modelId}::uuid and d.status = 'succeeded'
      and coalesce(d.finished_at, d.created_at) >= ${from.toISOString()}::timestamptz and coalesce(d.finished_at, d.created_at) < ${to.toISOString()}::timestamptz
    order by 1, v.name`);
  return rows.map((r) => ({ at: new Date(Number(r.at)).toISOString(), type: r.kind === "deploy" ? "deployed" : "rolled_back", version: r.version }));
}
