import net from "node:net";
import type { Sql } from "postgres";

// Tables that ingest writes besides predictions, when this version of the schema has them: the
// hours ingest marks for their rollups to be recomputed, and the rollups themselves. Emptied too,
// so every round does the same work (an hour already marked costs less than a new one).
const DERIVED_TABLES = ["rollup_dirty_buckets", "metric_rollups", "rollup_dirty_days", "metric_rollups_daily", "labelling_items", "labels", "labelling_skips", "labelling_daily_counts"];

/**
 * Empties the predictions table (and what ingest derives from it) and forces a checkpoint, so
 * each phase starts from the same empty table and none pays for flushing the pages (or the
 * full-page WAL images) that the phase before wrote.
 */
export async function resetPredictions(sql: Sql): Promise<void> {
  const present = await sql<{ name: string }[]>`
    select name from unnest(${DERIVED_TABLES}::text[]) as name where to_regclass(name) is not null`;
  // The server under test may be refreshing rollups from the last phase's batches; TRUNCATE's
  // table locks can deadlock with that transaction, which PostgreSQL resolves by failing one of
  // them. Try again: the refresh has finished by then (or failed harmlessly, its marks kept).
  for (let attempt = 1; ; attempt++) {
    try {
      await sql.unsafe(`truncate ${["predictions", ...present.map((p) => p.name)].join(", ")}`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "40P01" || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  await sql`checkpoint`;
}

export async function countStored(sql: Sql, modelId: string): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from predictions where model_id = ${modelId}`;
  return row?.count ?? 0;
}

/** The PostgreSQL settings that decide the cost of a write, as the server runs them. */
export async function writeSettings(sql: Sql): Promise<Record<string, string>> {
  const names = [
    "server_version",
    "synchronous_commit",
    "fsync",
    "wal_level",
    "full_page_writes",
    "wal_compression",
    "wal_buffers",
    "max_wal_size",
    "checkpoint_timeout",
    "shared_buffers",
    "commit_delay",
    "wal_sync_method",
  ];
  const rows = await sql<{ name: string; setting: string; unit: string | null }[]>`
    select name, setting, unit from pg_settings where name in ${sql(names)} order by name`;
  return Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} (${r.unit})` : r.setting]));
}

/**
 * Options for the COPY baseline's client: sockets with Nagle's algorithm off. postgres.js leaves
 * it on, and a COPY ends with a 5-byte CopyDone written right after the data, which Nagle then
 * holds until the server's delayed ACK (~40 ms on Linux loopback): measured at 48 ms against
 * 4.5 ms for a 1,000-row COPY. The app's INSERTs go out as one write each, so they do not pay
 * this (measured: no difference), and the baseline should not pay it either.
 * `socket` is a documented postgres.js option that its type definitions do not list.
 */
export function copyClientOptions() {
  const socket = ({ host, port }: { host: string[]; port: number[] }) =>
    new Promise<net.Socket>((resolve, reject) => {
      const connection = net.connect({ host: host[0] ?? "127.0.0.1", port: port[0] ?? 5432, noDelay: true });
      connection.once("connect", () => resolve(connection));
      connection.once("error", reject);
    });
  return { onnotice: () => {}, socket };
}
