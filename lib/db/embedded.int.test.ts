import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/free-port";
import { startEmbeddedPostgres } from "./embedded";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});


describe("the embedded PostgreSQL", () => {
  it("keeps its data across a stop and a start", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-embedded-"));
    dirs.push(dataDir);
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port });
    const sql1 = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql1`create table kept (value text)`;
    await sql1`insert into kept values ('still here')`;
    await sql1.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(second.url).toBe(first.url);
    const sql2 = postgres(second.url, { max: 1, onnotice: () => {} });
    expect(await sql2`select value from kept`).toEqual([{ value: "still here" }]);
    await sql2.end();
    await second.stop();
  });
});
