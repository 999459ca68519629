import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/free-port";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { readRunningServer } from "./embedded-record";
import { runMigrations } from "./migrate";

// Each case runs real PostgreSQL servers in data folders of its own (issue #14: a taken port, a
// first start that died half-way, two checkouts side by side).

const dirs: string[] = [];
const servers: EmbeddedDatabase[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function dataFolder(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-embedded-"));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, port?: number, log?: (line: string) => void): Promise<EmbeddedDatabase> {
  const server = await startEmbeddedPostgres({ dataDir, port, log });
  servers.push(server);
  return server;
}

async function query<T extends object>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return [...(await sql.unsafe<T[]>(text))];
  } finally {
    await sql.end();
  }
}

const recordedPort = async (dataDir: string) => (JSON.parse(await fs.readFile(path.join(dataDir, "embedded-postgres.json"), "utf8")) as { port?: number }).port;

/** Something else listening on a port, as another program would. */
async function occupy(port: number): Promise<net.Server> {
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
  return squatter;
}

describe("the embedded PostgreSQL", () => {
  it("keeps its data across a stop and a start", async () => {
    const dataDir = await dataFolder();
    const port = await freePort();

    const first = await start(dataDir, port);
    await query(first.url, "create table kept (value text); insert into kept values ('still here')");
    await first.stop();

    const second = await start(dataDir, port);
    expect(second.url).toBe(first.url);
    expect(await query(second.url, "select value from kept")).toEqual([{ value: "still here" }]);
    await second.stop();
  });

  it("takes a free port when its own is taken, records it, and finds it there on the next start", async () => {
    const dataDir = await dataFolder();
    const wanted = await freePort();
    const squatter = await occupy(wanted);
    const notes: string[] = [];
    try {
      const server = await start(dataDir, wanted, (line) => notes.push(line));
      expect(server.port).not.toBe(wanted);
      expect(await query(server.url, "select 1 as ok")).toEqual([{ ok: 1 }]);
      expect(await recordedPort(dataDir)).toBe(server.port);
      expect(notes.join("\n")).toContain(`Port ${wanted} is taken; the embedded PostgreSQL listens on ${server.port} instead`);
      // What the command-line tools read: PostgreSQL's own postmaster.pid names the same port.
      expect(await readRunningServer(dataDir)).toMatchObject({ port: server.port, status: "ready" });
      await server.stop();
      expect(await readRunningServer(dataDir)).toBeNull();

      // No port asked for: the recorded one.
      const again = await start(dataDir);
      expect(again.port).toBe(server.port);
      await again.stop();
    } finally {
      squatter.close();
    }
  });

  it("completes a first start that died after initdb, before the database was made", async () => {
    const dataDir = await dataFolder();
    const first = await start(dataDir, await freePort());
    // The state such a start leaves: an initialised cluster with no `vigil` database.
    await query(first.url.replace(/\/vigil$/, "/postgres"), "drop database vigil with (force)");
    await first.stop();

    const second = await start(dataDir);
    await runMigrations(second.url);
    expect(await query(second.url, "select count(*)::int as users from users")).toEqual([{ users: 0 }]);
    await second.stop();
  });

  it("makes the data folder again when initdb itself was cut short", async () => {
    const dataDir = await dataFolder();
    // initdb writes PG_VERSION early; a start killed during initdb leaves it beside half a cluster.
    await fs.mkdir(path.join(dataDir, "pg", "base"), { recursive: true });
    await fs.writeFile(path.join(dataDir, "pg", "PG_VERSION"), "18\n");
    await fs.writeFile(path.join(dataDir, "embedded-postgres.initialising"), "");
    const notes: string[] = [];

    const server = await start(dataDir, await freePort(), (line) => notes.push(line));
    await runMigrations(server.url);
    expect(notes.join("\n")).toContain("making it again");
    await fs.access(path.join(dataDir, "embedded-postgres.initialising")).then(
      () => expect.fail("the marker should be gone"),
      () => undefined,
    );
    await server.stop();
  });

  it("runs two data folders side by side that ask for the same port", async () => {
    const [a, b] = [await dataFolder(), await dataFolder()];
    const port = await freePort();
    const first = await start(a, port);
    const second = await start(b, port);
    expect(first.port).toBe(port);
    expect(second.port).not.toBe(port);
    await query(first.url, "create table which (folder text); insert into which values ('a')");
    await query(second.url, "create table which (folder text); insert into which values ('b')");
    expect(await query(first.url, "select folder from which")).toEqual([{ folder: "a" }]);
    expect(await query(second.url, "select folder from which")).toEqual([{ folder: "b" }]);
    expect((await readRunningServer(a))?.port).toBe(first.port);
    expect((await readRunningServer(b))?.port).toBe(second.port);
    await Promise.all([first.stop(), second.stop()]);
  });
});
