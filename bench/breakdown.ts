import { once } from "node:events";
import type { Sql } from "postgres";
import type { Database } from "@/lib/db/connect";
import { PredictionsEnvelope } from "@/lib/ingest/schemas";
import { validatePredictionRows } from "@/lib/ingest/validate";
import { authenticateApiKey } from "@/lib/services/api-keys";
import { findModelBySlug } from "@/lib/services/models";
import { parseInput } from "@/lib/services/validation";
import { COPY_COLUMNS } from "./data";
import { resetPredictions } from "./db";
import { median, round } from "./measure";
import { ingestPayload, insertPredictionPayload } from "@/lib/services/ingest";

export const STAGES = ["jsonParse", "apiKey", "envelope", "findModel", "validate", "serialise", "sql"] as const;
export type Stage = (typeof STAGES)[number];

export type Breakdown = {
  batches: number;
  rowsPerBatch: number;
  /** Median milliseconds per batch of each stage of the route's work, one batch at a time. */
  medianMs: Record<Stage, number>;
  totalMs: number;
  /** The same batches through COPY, one at a time on one connection. */
  copyMedianMs: number;
  /** Share of a batch's time spent in Node.js (everything but the SQL round trip). */
  nodeShare: number;
  /** False when ingest-predictions.ts changed since the copy the "serialise" and "sql" stages run. */
};

/**
 * Where one batch's time goes, stage by stage, as the route runs them (http.ts's readJsonBody,
 * keyRoute's key check, then ingestPredictions), with nothing running alongside. Every stage is
 * the app's own function.
 */
export async function runBreakdown(options: {
  sql: Sql;
  copySql: Sql;
  db: Database;
  apiKey: string;
  bodies: string[];
  copyChunks: string[];
  rowsPerBatch: number;
}): Promise<Breakdown> {
  await resetPredictions(options.sql);
  const timings: Record<Stage, number[]> = Object.fromEntries(STAGES.map((s) => [s, []])) as unknown as Record<Stage, number[]>;
  let t = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    timings[stage].push(now - t);
    t = now;
  };

  for (const body of options.bodies) {
    t = performance.now();
    const parsed: unknown = JSON.parse(body);
    lap("jsonParse");
    await authenticateApiKey(options.db, `Bearer ${options.apiKey}`);
    lap("apiKey");
    const envelope = parseInput(PredictionsEnvelope, parsed, { checkText: false });
    lap("envelope");
    const model = await findModelBySlug(options.db, envelope.model);
    lap("findModel");
    const { rows, errors } = validatePredictionRows(model, envelope.predictions);
    if (errors.length) throw new Error(`The breakdown's batch is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
    lap("validate");
    const payload = ingestPayload(rows);
    lap("serialise");
    const accepted = await insertPredictionPayload(options.db, model.id, payload);
    if (accepted !== rows.length) throw new Error(`The breakdown stored ${accepted} of ${rows.length} rows`);
    lap("sql");
  }
  await resetPredictions(options.sql);

  const copyTimes: number[] = [];
  const connection = await options.copySql.reserve();
  try {
    for (const text of options.copyChunks) {
      const started = performance.now();
      const stream = await connection`copy predictions (${connection([...COPY_COLUMNS])}) from stdin`.writable();
      const finished = once(stream, "finish");
      stream.end(text);
      await finished;
      copyTimes.push(performance.now() - started);
    }
  } finally {
    connection.release();
  }
  await resetPredictions(options.sql);

  const medianMs = Object.fromEntries(STAGES.map((s) => [s, round(median(timings[s]), 2)])) as Record<Stage, number>;
  const totalMs = round(STAGES.reduce((sum, s) => sum + medianMs[s], 0), 2);
  const nodeMs = totalMs - medianMs.sql - medianMs.apiKey - medianMs.findModel;
  return {
    batches: options.bodies.length,
    rowsPerBatch: options.rowsPerBatch,
    medianMs,
    totalMs,
    copyMedianMs: round(median(copyTimes), 2),
    nodeShare: round(nodeMs / totalMs, 3),
  };
}
