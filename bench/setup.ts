import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDatabase, type Database } from "@/lib/db/connect";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { createApiKey } from "@/lib/services/api-keys";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import type { Model } from "@/lib/db/schema";
import { MODEL_SLUG, VERSIONS } from "./data";
import { copyClientOptions } from "./db";
import { freePort } from "./servers";

export type BenchDatabase = {
  tempDir: string;
  url: string;
  postmasterPid: number;
  /** For the benchmark's own statements (TRUNCATE, counts, settings). */
  admin: postgres.Sql;
  /** For the COPY baseline: sockets without Nagle's delay (see copyClientOptions). */
  copySql: postgres.Sql;
  /** The app's own kind of pool, for the services. */
  db: Database;
  model: Model;
  apiKey: string;
  versionIds: Map<string, string>;
  stop: () => Promise<void>;
};

/**
 * A fresh PostgreSQL in a temporary folder on a free port, migrated, with the benchmark's binary
 * model and an `ingest` key made by the app's services. `onStarted` hears of the folder at once,
 * so a failure later still removes it.
 */
export async function startBenchDatabase(options: {
  concurrency: number;
  pgSettings: Record<string, string>;
  log: (line: string) => void;
  onStarted: (resources: { tempDir: string; stop: () => Promise<void> }) => void;
}): Promise<BenchDatabase> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-bench-"));
  const clients: { end: (options: { timeout: number }) => Promise<void> }[] = [];
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  const stop = async () => {
    for (const client of clients) await client.end({ timeout: 5 }).catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tempDir, { recursive: true, force: true });
  };
  options.onStarted({ tempDir, stop });

  options.log(`Starting a fresh PostgreSQL in ${tempDir}…`);
  server = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort() });
  const url = server.url;
  const admin = postgres(url, { max: 2, onnotice: () => {} });
  clients.push(admin);
  const copySql = postgres(url, { ...copyClientOptions(), max: options.concurrency });
  clients.push(copySql);
  await applySettings(admin, options.pgSettings, options.log);
  await runMigrations(url);
  const db = createDatabase(url);
  clients.push(db.$client);

  const ctx = systemContext(db, "bench");
  const model = await createModel(ctx, { slug: MODEL_SLUG, name: "Benchmark model", task: "binary", classes: ["ham", "spam"], positiveClass: "spam" });
  const key = await createApiKey(ctx, { name: "bench", permissions: ["ingest"], models: [MODEL_SLUG] });
  // The version rows exist before any phase, so COPY can name their ids and every phase finds them.
  await admin`insert into model_versions ${admin(VERSIONS.map((name) => ({ model_id: model.id, name })))} on conflict do nothing`;
  const versionRows = await admin<{ id: string; name: string }[]>`select id, name from model_versions where model_id = ${model.id}`;

  const postmasterPid = Number(fs.readFileSync(path.join(tempDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    tempDir,
    url,
    postmasterPid,
    admin,
    copySql,
    db,
    model,
    apiKey: key.secret,
    versionIds: new Map(versionRows.map((v) => [v.name, v.id])),
    stop,
  };
}

/** Experiments only: settings for this run's own server (ALTER SYSTEM), never the app's. */
async function applySettings(sql: postgres.Sql, settings: Record<string, string>, log: (line: string) => void) {
  if (!Object.keys(settings).length) return;
  for (const [name, value] of Object.entries(settings)) {
    await sql.unsafe(`alter system set ${name} = '${value.replace(/'/g, "''")}'`);
  }
  await sql`select pg_reload_conf()`;
  const pending = await sql<{ name: string }[]>`select name from pg_settings where pending_restart`;
  if (pending.length) log(`Needs a restart, so not applied: ${pending.map((p) => p.name).join(", ")}`);
  log(`PostgreSQL settings for this run: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(", ")}`);
}
