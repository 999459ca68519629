import { once } from "node:events";
import type { Sql } from "postgres";
import { COPY_COLUMNS } from "./data";
import { countStored, resetPredictions } from "./db";
import { CpuMeter, round, type CpuUse } from "./measure";

export type CopyResult = { rowsSent: number; rowsStored: number; seconds: number; rowsPerSecond: number; cpu: CpuUse };

/**
 * The baseline: the same rows, already in COPY's text format, streamed into the same table over
 * `concurrency` connections at once, each copying its share (every concurrency-th batch) in one
 * COPY. No parsing of JSON, no validation, no conflict check beyond the unique index itself.
 */
export async function runCopyIngest(options: {
  /** For TRUNCATE and the count. */
  sql: Sql;
  /** Holds `concurrency` connections for the copies (see copyClientOptions). */
  copySql: Sql;
  modelId: string;
  chunks: string[];
  rowsPerChunk: number[];
  warmupChunks: string[];
  concurrency: number;
  cpu: CpuMeter;
}): Promise<CopyResult> {
  const connections = await Promise.all(Array.from({ length: options.concurrency }, () => options.copySql.reserve()));
  try {
    const copyInto = async (connection: Sql, chunks: string[]) => {
      const stream = await connection`copy predictions (${connection([...COPY_COLUMNS])}) from stdin`.writable();
      for (const text of chunks) {
        // Respect back-pressure, as a real loader would, rather than buffering everything.
        if (!stream.write(text)) await once(stream, "drain");
      }
      // 'finish' comes once PostgreSQL has answered CommandComplete, i.e. the COPY is committed.
      const finished = once(stream, "finish");
      stream.end();
      await finished;
    };

    // Warm-up on one connection: the same table and indexes, rows thrown away before timing.
    if (options.warmupChunks.length) await copyInto(connections[0]!, options.warmupChunks);
    await resetPredictions(options.sql);

    const shares = connections.map((_, c) => options.chunks.filter((_, i) => i % options.concurrency === c));
    options.cpu.begin();
    const started = performance.now();
    await Promise.all(connections.map((connection, c) => copyInto(connection, shares[c]!)));
    const seconds = (performance.now() - started) / 1000;
    const cpu = options.cpu.end();

    const rowsSent = options.rowsPerChunk.reduce((a, b) => a + b, 0);
    return {
      rowsSent,
      rowsStored: await countStored(options.sql, options.modelId),
      seconds: round(seconds, 3),
      rowsPerSecond: Math.round(rowsSent / seconds),
      cpu,
    };
  } finally {
    for (const connection of connections) connection.release();
  }
}
