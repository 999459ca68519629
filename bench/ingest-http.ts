import type { Sql } from "postgres";
import { CpuMeter, percentile, round, type CpuUse } from "./measure";
import { countStored, resetPredictions } from "./db";

export type HttpFailure = { batch: number | string; status: number | null; body: string };

export type HttpResult = {
  rowsSent: number;
  rowsStored: number;
  rowsAccepted: number;
  batches: number;
  seconds: number;
  rowsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  failures: HttpFailure[];
  cpu: CpuUse;
};

/**
 * Ingest through the public API: `POST /api/v1/predictions` from `concurrency` clients at once,
 * each taking the next unsent batch, over keep-alive connections (undici's default in fetch).
 */
export async function runHttpIngest(options: {
  sql: Sql;
  baseUrl: string;
  apiKey: string;
  modelId: string;
  bodies: string[];
  rowsPerBody: number[];
  warmupBodies: string[];
  concurrency: number;
  cpu: CpuMeter;
}): Promise<HttpResult> {
  const url = `${options.baseUrl}/api/v1/predictions`;
  const headers = { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" };
  const post = async (body: string) => {
    const response = await fetch(url, { method: "POST", headers, body });
    return { status: response.status, text: await response.text() };
  };

  // Warm-up: compiles the route's code paths, fills the server's pool and PostgreSQL's caches.
  // Its rows carry their own ids and are removed before the timed run. A failure here is the
  // app's too: recorded (as batch "warm-up n") and counted, not thrown, so the run still reports.
  const failures: HttpFailure[] = [];
  await Promise.all(
    options.warmupBodies.map(async (body, i) => {
      const { status, text } = await post(body).catch((error: unknown) => ({ status: null, text: String(error) }));
      if (status !== 200) failures.push({ batch: `warm-up ${i}`, status, body: text.slice(0, 2000) });
    }),
  );
  await resetPredictions(options.sql);

  const latencies: number[] = new Array(options.bodies.length);
  let accepted = 0;
  let nextBatch = 0;
  const client = async () => {
    for (let batch = nextBatch++; batch < options.bodies.length; batch = nextBatch++) {
      const started = performance.now();
      try {
        const { status, text } = await post(options.bodies[batch]!);
        latencies[batch] = performance.now() - started;
        if (status !== 200) failures.push({ batch, status, body: text.slice(0, 2000) });
        else accepted += (JSON.parse(text) as { accepted: number }).accepted;
      } catch (error) {
        latencies[batch] = performance.now() - started;
        failures.push({ batch, status: null, body: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  options.cpu.begin();
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  const cpu = options.cpu.end();

  const rowsSent = options.rowsPerBody.reduce((a, b) => a + b, 0);
  return {
    rowsSent,
    rowsStored: await countStored(options.sql, options.modelId),
    rowsAccepted: accepted,
    batches: options.bodies.length,
    seconds: round(seconds, 3),
    // Rows the server said it stored: a failed batch must not count as throughput.
    rowsPerSecond: Math.round(accepted / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(Math.max(...latencies)),
    errors: failures.length,
    failures: failures.slice(0, 20),
    cpu,
  };
}
