import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { openDataFolderDatabase, type DataFolderDatabase } from "@/lib/db/data-folder-database";
import { readRunningServer } from "@/lib/db/embedded-record";
import { freePort } from "./free-port";

// Issue #14: the command-line tools beside a running Vigil, on real embedded PostgreSQL servers in
// data folders of their own. Tools run as the operator runs them (node with tsx, as npm's scripts
// do), with nothing set but the data folder: no DATABASE_URL, no VIGIL_EMBEDDED_PG_PORT.

const dirs: string[] = [];
const opened: DataFolderDatabase[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(opened.map((d) => d.release()));
  for (const dir of dirs) {
    const running = await readRunningServer(dir);
    if (running) process.kill(running.pid, "SIGINT");
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function dataFolder(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-data-folder-"));
  dirs.push(dir);
  return dir;
}

/** The environment an operator's shell would give a tool for this data folder. */
function toolEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_DATA_DIR: dataDir, NODE_ENV: "production", ...extra };
  delete env.DATABASE_URL;
  delete env.VIGIL_EMBEDDED_PG_PORT;
  return env;
}

function spawnScript(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], { cwd: process.cwd(), env });
  children.push(child);
  return child;
}

/** Runs a script to its end: exit code and what it printed. */
async function runScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnScript(script, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr };
}

/** Another Vigil process holding the folder's database (test/hold-data-folder.ts) until told to let go. */
async function holder(dataDir: string, role: "server" | "tool", port?: number) {
  const child = spawnScript("test/hold-data-folder.ts", [dataDir, role, ...(port ? [String(port)] : [])], toolEnv(dataDir));
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`the holder exited (${code}): ${stderr}`)));
  });
  const held = JSON.parse(line) as { url: string; port: number; source: string };
  return {
    ...held,
    child,
    release: async () => {
      child.stdin.write("release\n");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe("command-line tools beside a running Vigil", () => {
  it("key:create on a server that had to take another port uses it, and leaves it running", async () => {
    const dataDir = await dataFolder();
    // The app's server, on a port that is not the default (as VIGIL_EMBEDDED_PG_PORT or a taken 54329 would give).
    const app = await openDataFolderDatabase({ dataDir, user: { command: "npm start", role: "server" }, port: await freePort() });
    opened.push(app);
    const before = await readRunningServer(dataDir);

    const created = await runScript("scripts/key-create.ts", ["--name", "beside the app", "--permissions", "read"], toolEnv(dataDir));
    expect(created.stderr).toContain('Created API key "beside the app"');
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^vgl_/);

    // The same server, still up, holds the key.
    expect(await readRunningServer(dataDir)).toEqual(before);
    expect(await answers(app.url)).toBe(true);
    const sql = postgres(app.url, { max: 1, onnotice: () => {} });
    expect(await sql`select name from api_keys`).toEqual([{ name: "beside the app" }]);
    await sql.end();

    await app.release();
    expect(await readRunningServer(dataDir)).toBeNull();
  }, 180_000);

  it("a worker joins the app's server and never starts one of its own", async () => {
    const dataDir = await dataFolder();
    const refused = await runScript("scripts/worker.ts", [], toolEnv(dataDir));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`No embedded PostgreSQL is running for ${dataDir}. Start Vigil first (npm start), or set DATABASE_URL.`);
    expect(existsSync(path.join(dataDir, "pg"))).toBe(false);
  }, 120_000);

  it("the app takes over a server whose starter was killed, and stops it when it ends", async () => {
    const dataDir = await dataFolder();
    const killed = await holder(dataDir, "server", await freePort());
    expect(killed.source).toBe("started");
    killed.child.kill("SIGKILL");
    await new Promise((resolve) => killed.child.once("exit", resolve));
    const orphan = await readRunningServer(dataDir);
    expect(orphan).not.toBeNull();

    const app = await openDataFolderDatabase({ dataDir, user: { command: "npm start", role: "server" } });
    expect(app).toMatchObject({ source: "taken over", port: killed.port, url: killed.url });
    expect(await readRunningServer(dataDir)).toEqual(orphan); // used as it was, not restarted
    await app.release();
    expect(await readRunningServer(dataDir)).toBeNull();
  }, 180_000);

  it("a tool's server taken over by the app keeps running when the tool ends", async () => {
    const dataDir = await dataFolder();
    const tool = await holder(dataDir, "tool", await freePort());
    expect(tool.source).toBe("started");
    const app = await openDataFolderDatabase({ dataDir, user: { command: "npm start", role: "server" } });
    opened.push(app);
    expect(app.source).toBe("taken over");

    await tool.release();
    expect(await answers(app.url)).toBe(true);
    await app.release();
    expect(await readRunningServer(dataDir)).toBeNull();
  }, 180_000);

  it("a second app on the same folder shares the first one's server and leaves it to the first", async () => {
    const dataDir = await dataFolder();
    const first = await holder(dataDir, "server", await freePort());
    const second = await openDataFolderDatabase({ dataDir, user: { command: "npm start", role: "server" } });
    expect(second.source).toBe("running");
    await second.release();
    expect(await answers(first.url)).toBe(true);
    await first.release();
    expect(await readRunningServer(dataDir)).toBeNull();
  }, 180_000);

  it("npm start on a taken web port says which variable to set, before starting anything", async () => {
    const dataDir = await dataFolder();
    const taken = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(taken, resolve));
    try {
      const started = await runScript("scripts/start.ts", [], toolEnv(dataDir, { PORT: String(taken) }));
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`Port ${taken} is already in use (another Vigil, or another program). Start this one on another port, for example: PORT=`);
      // The port it suggests was free when it looked.
      expect(Number(/PORT=(\d+) npm start/.exec(started.stderr)?.[1])).toBeGreaterThan(taken);
      expect(existsSync(path.join(dataDir, "pg"))).toBe(false);
    } finally {
      squatter.close();
    }
  }, 120_000);
});
