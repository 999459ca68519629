import "server-only";
import fs from "node:fs";
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres, stopRunningServer } from "./embedded";
import { embeddedUrl, isAlive, readRunningServer, readSettings, type RunningServer } from "./embedded-record";

/**
 * The embedded PostgreSQL of a data folder, shared by every Vigil process that uses the folder
 * (`npm start`, the worker, the command-line tools). One server runs per folder: a process finds
 * it through PostgreSQL's own `postmaster.pid` (which holds its pid and port, whatever port it had
 * to take) and connects to it; only when none runs does it start one.
 *
 * A process stops only the server it owns. The owner is recorded in
 * `<dataDir>/embedded-postgres.owner.json`: the process that started the server, or `npm start`,
 * which takes a running server over from a tool (a tool's server would otherwise stop under the
 * app when the tool ends) or from an owner that died (a killed start leaves its server running).
 * A second `npm start` on the same folder shares the first one's server and leaves it alone.
 */
export type DataFolderDatabase = {
  url: string;
  port: number;
  /** started: by this process; running: someone else's, used as it is; taken over: ours to stop now. */
  source: "started" | "running" | "taken over";
  /** Stops the server if this process owns it, else leaves it running. */
  release: () => Promise<void>;
};

export type DataFolderUser = { command: string; role: "server" | "tool" };
type Owner = DataFolderUser & { pid: number };

const OWNER_FILE = "embedded-postgres.owner.json";
const READY_WAIT_MS = 60_000;

export async function openDataFolderDatabase(options: {
  dataDir: string;
  user: DataFolderUser;
  /** The port to try first when this process has to start the server. */
  port?: number;
  /** false: answer with an error rather than start a server (a worker needs the app's). */
  startIfStopped?: boolean;
  log?: (line: string) => void;
}): Promise<DataFolderDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const running = await waitUntilSettled(dataDir);
  if (running) return joinRunning(dataDir, running, options.user);
  if (options.startIfStopped === false) {
    throw new Error(`No embedded PostgreSQL is running for ${dataDir}. Start Vigil first (npm start), or set DATABASE_URL.`);
  }

  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir, port: options.port, log: options.log });
  } catch (error) {
    // Another Vigil process started it at the same moment: use that one.
    const raced = await waitUntilSettled(dataDir);
    if (raced) return joinRunning(dataDir, raced, options.user);
    throw error;
  }
  writeOwner(dataDir, { ...options.user, pid: process.pid });
  return {
    url: server.url,
    port: server.port,
    source: "started",
    release: async () => {
      if (!ownsServer(dataDir)) return;
      fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
      await server.stop();
    },
  };
}

async function joinRunning(dataDir: string, running: RunningServer, user: DataFolderUser): Promise<DataFolderDatabase> {
  const { password } = await readSettings(dataDir);
  const owner = readOwner(dataDir);
  const ownerLives = owner !== null && owner.pid !== process.pid && isAlive(owner.pid);
  const takeOver = user.role === "server" && !(ownerLives && owner.role === "server");
  if (takeOver) writeOwner(dataDir, { ...user, pid: process.pid });
  await ensureDatabase(embeddedUrl(password, running.port, "postgres"), "vigil");
  return {
    url: embeddedUrl(password, running.port),
    port: running.port,
    source: takeOver ? "taken over" : "running",
    release: async () => {
      // The signal goes out before the first await, so a signal handler that cannot wait still stops it.
      if (!ownsServer(dataDir)) return;
      fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
      await stopRunningServer(dataDir, running.pid);
    },
  };
}

/** The running server once it accepts connections; null when none runs or it is shutting down. */
async function waitUntilSettled(dataDir: string): Promise<RunningServer | null> {
  const deadline = Date.now() + READY_WAIT_MS;
  for (;;) {
    const running = await readRunningServer(dataDir);
    if (!running || running.status === "ready" || Date.now() > deadline) return running?.status === "ready" ? running : null;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function readOwner(dataDir: string): Owner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), "utf8")) as Owner;
  } catch {
    return null;
  }
}

function writeOwner(dataDir: string, owner: Owner): void {
  const file = path.join(dataDir, OWNER_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(owner));
  fs.renameSync(`${file}.tmp`, file);
}

function ownsServer(dataDir: string): boolean {
  return readOwner(dataDir)?.pid === process.pid;
}
