import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "@/lib/db/connect";
import { createApiKey } from "@/lib/services/api-keys";
import { systemContext } from "@/lib/services/context";
import { freePort } from "./lib/free-port";

/**
 * `npm test`'s Python step. The client's unit tests (python3 -m unittest, against loopback fakes)
 * run while a real Vigil starts: the production build served by scripts/start.ts from a fresh
 * data folder, without demo data; then its integration tests run against that Vigil with the
 * client installed from the wheel build_wheel.py writes, so the wheel is what is tested.
 * Without python3 it says so and passes (CI has python3). Port: E2E_PORT when set, else a free one.
 */
const root = process.cwd();
const client = path.join(root, "clients", "python");
const log = (line: string) => console.log(`[python-client] ${line}`);

if (spawnSync("python3", ["--version"]).error) {
  log("python3 not found: the Python client's tests did not run.");
  process.exit(0);
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-python-"));
// As root, PostgreSQL runs as the postgres user, which must be able to reach the data folder.
await fs.chmod(work, 0o755);
const port = Number(process.env.E2E_PORT ?? (await freePort()));
const pgPort = process.env.E2E_PORT ? port + 20_000 : await freePort();
const url = `http://127.0.0.1:${port}`;
let server: ChildProcess | null = null;
let serverStarted = 0;

async function main(): Promise<number> {
  const serverLog = path.join(work, "vigil.log");
  server = startVigil(path.join(work, "data"), serverLog);
  const unit = run("unit tests", "python3", ["-m", "unittest", "discover", "-s", "tests", "-t", "."], { cwd: client });
  const site = path.join(work, "site");
  const installed = installWheel(path.join(work, "wheel"), site);

  const [unitCode, installCode] = await Promise.all([unit, installed]);
  if (!(await healthy(server))) {
    console.error(await fs.readFile(serverLog, "utf8"));
    log("Vigil did not become healthy; its log is above.");
    return 1;
  }
  if (installCode !== 0) return installCode;
  const apiKey = await createKey(path.join(work, "data"));
  // From the temporary folder, so the sources cannot shadow the installed wheel.
  const integrationCode = await run("integration tests", "python3", ["-m", "unittest", "discover", "-s", path.join(client, "integration"), "-t", path.join(client, "integration")], {
    cwd: work,
    env: { ...process.env, PYTHONPATH: site, VIGIL_URL: url, VIGIL_API_KEY: apiKey, PYTHONDONTWRITEBYTECODE: "1" },
  });
  return unitCode || integrationCode;
}

function startVigil(dataDir: string, logFile: string): ChildProcess {
  log(`Starting Vigil on ${url} (data in ${dataDir}, no demo)…`);
  serverStarted = Date.now();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      VIGIL_DATA_DIR: dataDir,
      VIGIL_EMBEDDED_PG_PORT: String(pgPort),
      VIGIL_DEMO: "false",
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = createWriteStream(logFile);
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}

async function healthy(child: ChildProcess): Promise<boolean> {
  const deadline = serverStarted + 240_000; // a start that has to build first takes minutes
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) {
        log(`Vigil answered /api/health ${((Date.now() - serverStarted) / 1000).toFixed(1)} s after it was started`);
        return true;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function installWheel(wheelDir: string, site: string): Promise<number> {
  const built = await run("wheel", "python3", [path.join(client, "build_wheel.py"), "--out", wheelDir], { cwd: client });
  if (built !== 0) return built;
  const wheels = (await fs.readdir(wheelDir)).filter((name) => name.endsWith(".whl"));
  return run("install", "python3", ["-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--disable-pip-version-check", "--target", site, ...wheels.map((w) => path.join(wheelDir, w))], {
    cwd: work,
    env: { ...process.env, PIP_ROOT_USER_ACTION: "ignore" },
  });
}

/** A key with every permission the integration tests use (they create their own models). */
async function createKey(dataDir: string): Promise<string> {
  const { password } = JSON.parse(await fs.readFile(path.join(dataDir, "embedded-postgres.json"), "utf8")) as { password: string };
  const db = createDatabase(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/vigil`, { max: 1 });
  try {
    const key = await createApiKey(systemContext(db, "python-client-test"), { name: "python client tests", permissions: ["admin", "ingest", "read"], models: null });
    return key.secret;
  } finally {
    await db.$client.end();
  }
}

function run(name: string, command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { ...options, stdio: "inherit" });
    child.on("error", (error) => {
      log(`${name}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code) => {
      log(`${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code ?? 1);
    });
  });
}

/** SIGTERM lets start.ts stop Next.js and shut PostgreSQL down cleanly. */
async function stopVigil(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  await stopVigil();
  await fs.rm(work, { recursive: true, force: true });
}
process.exit(code);
