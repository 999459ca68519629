import type { Sql } from "postgres";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { countStored, resetPredictions } from "./db";
import { CpuMeter, percentile, round, type CpuUse } from "./measure";

export type ServiceResult = {
  rowsSent: number;
  rowsStored: number;
  seconds: number;
  rowsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Batches the service refused or failed, with PostgreSQL's error code when there is one. */
  errors: number;
  failures: { batch: number; error: string }[];
  cpu: CpuUse;
};

/**
 * The route's work without HTTP and Next.js: JSON.parse of the same bodies, then the service the
 * route calls, from `concurrency` callers at once in this process. The gap to the HTTP figure is
 * what the web tier (HTTP, Next.js's request handling, the API-key check) costs.
 */
export async function runServiceIngest(options: {
  sql: Sql;
  db: Database;
  modelId: string;
  bodies: string[];
  rowsPerBody: number[];
  warmupBodies: string[];
  concurrency: number;
  cpu: CpuMeter;
}): Promise<ServiceResult> {
  const ctx = systemContext(options.db, "bench");
  for (const body of options.warmupBodies) await ingestPredictions(ctx, JSON.parse(body));
  await resetPredictions(options.sql);

  const latencies: number[] = new Array(options.bodies.length);
  const failures: { batch: number; error: string }[] = [];
  let accepted = 0;
  let nextBatch = 0;
  const caller = async () => {
    for (let batch = nextBatch++; batch < options.bodies.length; batch = nextBatch++) {
      const started = performance.now();
      try {
        // Awaited first: `accepted += await …` would read `accepted` before the await and lose
        // the other callers' additions made meanwhile.
        const result = await ingestPredictions(ctx, JSON.parse(options.bodies[batch]!));
        accepted += result.accepted;
      } catch (error) {
        failures.push({ batch, error: describeError(error) });
      }
      latencies[batch] = performance.now() - started;
    }
  };

  options.cpu.begin();
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  const seconds = (performance.now() - started) / 1000;
  const cpu = options.cpu.end();

  const rowsSent = options.rowsPerBody.reduce((a, b) => a + b, 0);
  return {
    rowsSent,
    rowsStored: await countStored(options.sql, options.modelId),
    seconds: round(seconds, 3),
    rowsPerSecond: Math.round(accepted / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    errors: failures.length,
    failures: failures.slice(0, 20),
    cpu,
  };
}

/** drizzle wraps PostgreSQL's error (the part that names the problem) in `cause`; its message holds the whole query. */
export function describeError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return `${code ? `${code} ` : ""}${cause.message}`;
  }
  return error instanceof Error ? error.message.slice(0, 300) : String(error);
}
