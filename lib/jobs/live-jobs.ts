import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";

/** The schema pg-boss keeps its tables in, inside Vigil's own database. */
export const JOB_SCHEMA = "pgboss";

/**
 * Of `ids`, those that some job of `queue` names in its data's `field` and that is still waiting,
 * retrying or running: the sweeps send a job again only for work that has none. pg-boss 10 has no
 * lookup by data, so this reads its job table; without that schema (no queue ever started) there
 * is no job at all.
 */
export async function idsWithLiveJobs(db: DbOrTx, queue: string, field: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const [schema] = await db.execute<{ present: boolean }>(sql`select to_regclass(${`${JOB_SCHEMA}.job`}) is not null as present`);
  if (!schema?.present) return new Set();
  const rows = await db.execute<{ id: string }>(sql`
    select distinct data->>${field} as id from ${sql.identifier(JOB_SCHEMA)}.job
    where name = ${queue} and state in ('created', 'retry', 'active')
      and data->>${field} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return new Set(rows.map((r) => r.id));
}
