import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { predictions } from "@/lib/db/schema";
import { createDatabase, type Database } from "@/lib/db/connect";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { predictionsRoute } from "@/lib/api/routes/predictions";
import { VigilApiClient } from "@/lib/simulation/http-client";
import { freePort } from "@/scripts/lib/free-port";
import { createBinaryModel, createKey } from "@/test/api";

// Fault (issue #8): PostgreSQL is stopped in the middle of ingest and started again. Clients are
// the simulator's own HTTP client (lib/simulation/http-client.ts, retrying 5xx and network errors
// with backoff), the route is the real POST /api/v1/predictions handler behind a plain HTTP
// server, and the pool is the app's own. Afterwards every row sent is stored exactly once.
// This file runs its own PostgreSQL, not the shared one, since it stops it.

const CLIENTS = 3;
const BATCHES_PER_CLIENT = 12;
const ROWS_PER_BATCH = 50;

let dataDir: string;
let port: number;
let pg: EmbeddedDatabase;
let db: Database;
let server: http.Server;
let baseUrl: string;
let key: string;
let modelId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-faults-pg-"));
  port = await freePort();
  pg = await startEmbeddedPostgres({ dataDir, port });
  await runMigrations(pg.url);
  db = createDatabase(pg.url, { max: 4 });
  modelId = (await createBinaryModel(db, "spam-filter")).id;
  key = await createKey(db, ["ingest"]);

  const handler = predictionsRoute({ db: () => db });
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []));
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.$client.end({ timeout: 5 });
  await pg?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

it("loses and doubles nothing when PostgreSQL restarts during ingest", async () => {
  // The route logs each failed request; the outage makes many.
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const retries: string[] = [];
  const answers = { accepted: 0, duplicates: 0 };
  let delivered = 0;

  const client = async (n: number) => {
    const api = new VigilApiClient({ baseUrl, apiKey: key, maxAttempts: 30, onRetry: (_attempt, reason) => retries.push(reason) });
    for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
      const rows = Array.from({ length: ROWS_PER_BATCH }, (_, i) => ({ id: `c${n}-b${b}-r${i}`, score: (i % 10) / 10, label: i % 2 ? "spam" : "ham", features: { n, b, i } }));
      const answer = await api.post<{ accepted: number; duplicates: number }>("/api/v1/predictions", { model: "spam-filter", predictions: rows });
      answers.accepted += answer.accepted;
      answers.duplicates += answer.duplicates;
      delivered++;
    }
  };

  // Stop PostgreSQL once a few batches are in and clients are mid-flight, keep it down for a
  // moment, start it again on the same data folder and port.
  const outage = (async () => {
    while (delivered < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await pg.stop();
    const stoppedAfter = delivered;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    pg = await startEmbeddedPostgres({ dataDir, port });
    return stoppedAfter;
  })();

  await Promise.all([...Array.from({ length: CLIENTS }, (_, n) => client(n)), outage]);
  const stoppedAfter = await outage;
  logged.mockRestore();

  const sent = CLIENTS * BATCHES_PER_CLIENT * ROWS_PER_BATCH;
  console.info(`[faults] PostgreSQL stopped after ${stoppedAfter} of ${CLIENTS * BATCHES_PER_CLIENT} batches; ${retries.length} retries; ${answers.accepted} accepted, ${answers.duplicates} duplicates (answers lost after commit) of ${sent} rows`);
  // The fault really happened while batches were still to send, and clients had to retry.
  expect(stoppedAfter).toBeLessThan(CLIENTS * BATCHES_PER_CLIENT);
  expect(retries.length).toBeGreaterThan(0);
  expect(retries.some((r) => /^500 /.test(r))).toBe(true);

  // Nothing lost, nothing doubled: every id once, and the answers add up (a batch whose commit
  // landed but whose answer was lost counts as duplicates on its retry).
  const [counts] = await db.execute<{ rows: number; ids: number }>(sql`
    select count(*)::int as rows, count(distinct external_id)::int as ids from predictions where model_id = ${modelId}::uuid`);
  expect(counts).toEqual({ rows: sent, ids: sent });
  expect(answers.accepted).toBe(sent);
  const stored = await db.select({ id: predictions.externalId }).from(predictions).where(eq(predictions.modelId, modelId));
  const expected = Array.from({ length: CLIENTS }, (_, n) => Array.from({ length: BATCHES_PER_CLIENT }, (_, b) => Array.from({ length: ROWS_PER_BATCH }, (_, i) => `c${n}-b${b}-r${i}`))).flat(2);
  expect(stored.map((s) => s.id).sort()).toEqual(expected.sort());
}, 180_000);
