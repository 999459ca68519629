import fs from "node:fs";
import path from "node:path";
import { createApiKey } from "@/lib/services/api-keys";
import { systemContext } from "@/lib/services/context";
import { refreshRollups } from "@/lib/services/metrics";
import { MODEL_SLUG, generateRows } from "./data";
import { percentile, round } from "./measure";
import { flagReader } from "./flags";
import { runBench } from "./harness";

/**
 * `npm run bench:load`: several clients at once, for a few minutes, on loopback against
 * `next start` and a PostgreSQL of the run's own: ingest clients POST batches (one in ten sent
 * twice, as a client retrying after a lost answer would), read clients GET the metrics API. Then:
 * no errors, p50/p99 per endpoint, and the rows in the database equal the distinct rows sent.
 * Exits 1 when any of that fails. Writes bench/results/load-<time>.json and load-latest.json.
 */

const usage = `npm run bench:load -- [--duration 180] [--ingest-clients 4] [--read-clients 2] [--batch-size 500] [--replay-every 10]
Environment: BENCH_LOAD_DURATION (seconds), BENCH_LOAD_INGEST_CLIENTS, BENCH_LOAD_READ_CLIENTS, BENCH_LOAD_BATCH_SIZE, BENCH_LOAD_REPLAY_EVERY`;

type Config = { durationSeconds: number; ingestClients: number; readClients: number; batchSize: number; replayEvery: number };

const { wholeNumber, parse } = flagReader(usage);

function readConfig(): Config {
  const values = parse(process.argv.slice(2), {
      duration: { type: "string" },
      "ingest-clients": { type: "string" },
      "read-clients": { type: "string" },
      "batch-size": { type: "string" },
      "replay-every": { type: "string" },
  });
  const int = wholeNumber;
  const env = process.env;
  return {
    // Bounded: at most 30 minutes and 32 clients of each kind, whatever is asked.
    durationSeconds: int("--duration", values.duration ?? env.BENCH_LOAD_DURATION, 180, 5, 1800),
    ingestClients: int("--ingest-clients", values["ingest-clients"] ?? env.BENCH_LOAD_INGEST_CLIENTS, 4, 1, 32),
    readClients: int("--read-clients", values["read-clients"] ?? env.BENCH_LOAD_READ_CLIENTS, 2, 0, 32),
    batchSize: int("--batch-size", values["batch-size"] ?? env.BENCH_LOAD_BATCH_SIZE, 500, 1, 10_000),
    replayEvery: int("--replay-every", values["replay-every"] ?? env.BENCH_LOAD_REPLAY_EVERY, 10, 0, 1_000_000),
  };
}

type Sample = { ms: number; status: number };
type Failure = { endpoint: string; status: number; body: string };

class Recorder {
  readonly samples = new Map<string, Sample[]>();
  readonly failures: Failure[] = [];

  /** Times one request; any answer but 200, or no answer, is a failure (the first 20 kept in full). */
  async time(endpoint: string, send: () => Promise<Response>): Promise<unknown> {
    const started = performance.now();
    let status = 0;
    let body = "";
    try {
      const response = await send();
      status = response.status;
      body = await response.text();
    } catch (error) {
      body = error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}` : String(error);
    }
    const list = this.samples.get(endpoint) ?? [];
    list.push({ ms: performance.now() - started, status });
    this.samples.set(endpoint, list);
    if (status !== 200) {
      if (this.failures.length < 20) this.failures.push({ endpoint, status, body: body.slice(0, 300) });
      return null;
    }
    return body.startsWith("{") ? (JSON.parse(body) as unknown) : body;
  }

  summary() {
    return [...this.samples.entries()].map(([endpoint, list]) => {
      const ms = list.map((s) => s.ms);
      return {
        endpoint,
        requests: list.length,
        errors: list.filter((s) => s.status !== 200).length,
        p50Ms: round(percentile(ms, 50)),
        p99Ms: round(percentile(ms, 99)),
        maxMs: round(Math.max(...ms)),
      };
    });
  }
}

runBench("load", async ({ root, log, build, database: startDatabase, startNext, writeResults }) => {
  const config = readConfig();
  log(`${config.durationSeconds} s, ${config.ingestClients} ingest clients (batches of ${config.batchSize}), ${config.readClients} read clients`);
  await build();
  const database = await startDatabase({ concurrency: 2, pgSettings: {} });
  const readKey = (await createApiKey(systemContext(database.db, "load"), { name: "load-read", permissions: ["read"], models: null })).secret;
  const logFile = path.join(root, ".next", "load-next.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const { baseUrl } = await startNext({ databaseUrl: database.url, logFile });
  log(`next start on ${baseUrl}; running…`);

  const recorder = new Recorder();
  const deadline = performance.now() + config.durationSeconds * 1000;
  const totals = { distinctRowsSent: 0, accepted: 0, duplicates: 0, replayedRows: 0, batches: 0 };

  const ingestClient = async (client: number) => {
    const post = (body: string) => () => fetch(`${baseUrl}/api/v1/predictions`, { method: "POST", body, headers: { authorization: `Bearer ${database.apiKey}`, "content-type": "application/json" } });
    for (let seq = 0; performance.now() < deadline; seq++) {
      const rows = generateRows(config.batchSize, { seed: client * 1_000_003 + seq, prefix: `c${client}-b${seq}` });
      const body = JSON.stringify({ model: MODEL_SLUG, predictions: rows });
      const answer = (await recorder.time("POST /api/v1/predictions", post(body))) as { accepted: number; duplicates: number } | null;
      if (!answer) continue;
      totals.batches++;
      totals.distinctRowsSent += rows.length;
      totals.accepted += answer.accepted;
      totals.duplicates += answer.duplicates;
      if (config.replayEvery && seq % config.replayEvery === config.replayEvery - 1) {
        // The same batch again, as after a lost answer: it must store nothing.
        const replay = (await recorder.time("POST /api/v1/predictions (replay)", post(body))) as { accepted: number; duplicates: number } | null;
        if (replay) {
          totals.replayedRows += rows.length;
          totals.accepted += replay.accepted;
          totals.duplicates += replay.duplicates;
        }
      }
    }
  };

  const readClient = async (client: number) => {
    const get = (url: string) => () => fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${readKey}` } });
    const day = 24 * 3600 * 1000;
    for (let i = client; performance.now() < deadline; i++) {
      // The model page's two common views, and the Prometheus scrape.
      if (i % 3 === 0) await recorder.time("GET /api/v1/models/{model}/metrics (24 h, hourly)", get(`/api/v1/models/${MODEL_SLUG}/metrics?bucket=hour`));
      else if (i % 3 === 1) await recorder.time("GET /api/v1/models/{model}/metrics (7 d, daily)", get(`/api/v1/models/${MODEL_SLUG}/metrics?bucket=day&from=${new Date(Date.now() - 7 * day).toISOString()}`));
      else await recorder.time("GET /api/v1/metrics (Prometheus)", get("/api/v1/metrics"));
    }
  };

  const started = performance.now();
  await Promise.all([...Array.from({ length: config.ingestClients }, (_, i) => ingestClient(i)), ...Array.from({ length: config.readClients }, (_, i) => readClient(i))]);
  const seconds = (performance.now() - started) / 1000;

  // What is in the database against what was sent; then the figures the API gives over all of it.
  const [counted] = await database.admin<{ stored: number; distinct: number }[]>`
    select count(*)::int as stored, count(distinct external_id)::int as distinct from predictions where model_id = ${database.model.id}`;
  const { stored, distinct } = counted!;
  // The rollups catch up once ingest stops (the server's own refresher may still be at work):
  // refresh until no hour or day is marked, and say how long that took.
  const catchUpStarted = performance.now();
  for (;;) {
    await refreshRollups(database.db);
    const [marks] = await database.admin<{ pending: boolean }[]>`
      select exists (select 1 from rollup_dirty_buckets) or exists (select 1 from rollup_dirty_days) as pending`;
    if (!marks?.pending || performance.now() - catchUpStarted > 300_000) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const rollupCatchUpSeconds = round((performance.now() - catchUpStarted) / 1000);
  const figures = (await (await fetch(`${baseUrl}/api/v1/models/${MODEL_SLUG}/metrics?bucket=day&from=${new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString()}`, { headers: { authorization: `Bearer ${readKey}` } })).json()) as { totals: { volume: number } };

  const endpoints = recorder.summary();
  const checks = {
    noErrors: recorder.failures.length === 0 && endpoints.every((e) => e.errors === 0),
    storedEqualsSent: stored === totals.distinctRowsSent && distinct === stored,
    acceptedEqualsSent: totals.accepted === totals.distinctRowsSent && totals.duplicates === totals.replayedRows,
    metricsVolumeEqualsStored: figures.totals.volume === stored,
  };
  const result = {
    startedAt: new Date(Date.now() - seconds * 1000).toISOString(),
    config,
    seconds: round(seconds),
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
    rollupCatchUpSeconds,
    rows: { distinctSent: totals.distinctRowsSent, replayed: totals.replayedRows, accepted: totals.accepted, duplicates: totals.duplicates, stored, distinctStored: distinct, metricsVolume: figures.totals.volume, rowsPerSecond: round(totals.distinctRowsSent / seconds) },
    endpoints,
    failures: recorder.failures,
    checks,
  };

  console.log("");
  console.log(`${"endpoint".padEnd(52)} ${"requests".padStart(8)} ${"errors".padStart(6)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const e of endpoints) console.log(`${e.endpoint.padEnd(52)} ${String(e.requests).padStart(8)} ${String(e.errors).padStart(6)} ${String(e.p50Ms).padStart(8)} ${String(e.p99Ms).padStart(8)} ${String(e.maxMs).padStart(8)}`);
  console.log("");
  log(`rows: ${totals.distinctRowsSent.toLocaleString("en")} distinct sent (${result.rows.rowsPerSecond.toLocaleString("en")}/s), ${totals.replayedRows.toLocaleString("en")} replayed; stored ${stored.toLocaleString("en")} (${distinct.toLocaleString("en")} distinct ids); the metrics API counts ${figures.totals.volume.toLocaleString("en")}`);
  log(`rollups caught up ${rollupCatchUpSeconds} s after the load stopped`);
  for (const [name, ok] of Object.entries(checks)) log(`${ok ? "ok  " : "FAIL"} ${name}`);
  for (const f of recorder.failures) log(`failure: ${f.endpoint} → ${f.status} ${f.body}`);

  log(`Wrote ${writeResults("load", "load-latest.json", result)}`);
  return Object.values(checks).every(Boolean) ? 0 : 1;
});
