import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runBreakdown, type Breakdown } from "./breakdown";
import { readConfig } from "./config";
import { chunk, copyText, generateRows, requestBodies } from "./data";
import { writeSettings } from "./db";
import { runCopyIngest, type CopyResult } from "./ingest-copy";
import { runHttpIngest, type HttpResult } from "./ingest-http";
import { runServiceIngest, type ServiceResult } from "./ingest-service";
import { CpuMeter, round, type CpuUse } from "./measure";
import { profilesIn, summariseProfile, type ProfileSummary } from "./profile";
import { runBench } from "./harness";

/**
 * `npm run bench`: ingest through the HTTP API against a raw COPY of the same rows into the same
 * table, side by side on this machine, plus the service without HTTP and a per-stage breakdown
 * that say where the difference goes. `--segment-features sender_domain,has_attachment` declares
 * them first, for the before/after of ingest with segments. Writes bench/results/ingest-<time>.json
 * and latest.json.
 */

const GOAL = 0.4; // DESIGN.md, Performance: HTTP ingest at least 40% of a raw COPY's rate.

const config = readConfig();
const runStarted = performance.now();

/** The round with the median rate (the lower middle one for an even count), and every round's rate. */
function medianRound<T extends { rowsPerSecond: number }>(results: T[]): (T & { roundsRowsPerSecond: number[] }) | null {
  if (!results.length) return null;
  const sorted = [...results].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, roundsRowsPerSecond: results.map((r) => r.rowsPerSecond) };
}

runBench("bench", async ({ log, startedAt, build: buildOnce, database, startNext, stopNext, machine, writeResults }) => {
  log(
    `rows ${config.rows.toLocaleString("en")}, batches of ${config.batchSize}, concurrency ${config.concurrency}, ` +
      `${config.rounds} round${config.rounds === 1 ? "" : "s"}, phases ${config.phases.join(", ")}`,
  );
  const build = await buildOnce();

  const bench = await database({ concurrency: config.concurrency, pgSettings: config.pgSettings });
  const { admin, model } = bench;
  if (config.segmentFeatures.length) {
    // Declared before any row arrives: every hour's rollup (the refresher behind the timed ingest) writes their split rows.
    const declared = config.segmentFeatures.map((name) => ({ name, type: "categorical" }));
    await admin`update models set segment_features = ${JSON.stringify(declared)}::jsonb where id = ${model.id}::uuid`;
    log(`The model declares ${config.segmentFeatures.join(", ")} as segment features.`);
  }

  log("Generating rows…");
  const genStarted = performance.now();
  const rows = generateRows(config.rows, { seed: config.seed, prefix: "req" });
  const warmRows = generateRows(config.warmupBatches * config.batchSize, { seed: config.seed + 1, prefix: "warm" });
  const bodies = requestBodies(rows, config.batchSize);
  const warmupBodies = requestBodies(warmRows, config.batchSize);
  const storedAt = new Date().toISOString();
  const copyChunks = copyText(rows, config.batchSize, model.id, bench.versionIds, storedAt);
  const warmupCopyChunks = copyText(warmRows, config.batchSize, model.id, bench.versionIds, storedAt);
  const rowsPerBatch = chunk(rows, config.batchSize).map((b) => b.length);
  const megabytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0) / 1024 / 1024;
  log(`${bodies.length} request bodies (${megabytes.toFixed(0)} MiB of JSON) ready in ${((performance.now() - genStarted) / 1000).toFixed(1)} s.`);

  const profileDir = config.profile ? fs.mkdtempSync(path.join(os.tmpdir(), "vigil-bench-profile-")) : null;
  const next = config.phases.includes("http")
    ? await startNext({
        databaseUrl: bench.url,
        logFile: path.join(bench.tempDir, "next.log"),
        nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
      })
    : null;
  if (next) log(`next start answers on ${next.baseUrl}.`);

  // The phases take turns, round after round, so a slow spell of a shared machine does not land
  // on one phase alone; each phase reports its median round.
  const httpRounds: HttpResult[] = [];
  const serviceRounds: ServiceResult[] = [];
  const copyRounds: CopyResult[] = [];
  for (let r = 1; r <= config.rounds; r++) {
    const line: string[] = [];
    if (next) {
      const result = await runHttpIngest({
        sql: admin,
        baseUrl: next.baseUrl,
        apiKey: bench.apiKey,
        modelId: model.id,
        bodies,
        rowsPerBody: rowsPerBatch,
        warmupBodies,
        concurrency: config.concurrency,
        cpu: new CpuMeter({ next: next.pid, postgres: bench.postmasterPid }),
      });
      httpRounds.push(result);
      line.push(`http ${result.rowsPerSecond} rows/s (p95 ${result.p95Ms} ms, ${result.errors} errors)`);
    }
    if (config.phases.includes("service")) {
      const result = await runServiceIngest({
        sql: admin,
        db: bench.db,
        modelId: model.id,
        bodies,
        rowsPerBody: rowsPerBatch,
        warmupBodies,
        concurrency: config.concurrency,
        cpu: new CpuMeter({ next: null, postgres: bench.postmasterPid }),
      });
      serviceRounds.push(result);
      line.push(`service ${result.rowsPerSecond} rows/s (${result.errors} errors)`);
    }
    if (config.phases.includes("copy")) {
      const result = await runCopyIngest({
        sql: admin,
        copySql: bench.copySql,
        modelId: model.id,
        chunks: copyChunks,
        rowsPerChunk: rowsPerBatch,
        warmupChunks: warmupCopyChunks,
        concurrency: config.concurrency,
        cpu: new CpuMeter({ next: null, postgres: bench.postmasterPid }),
      });
      copyRounds.push(result);
      line.push(`copy ${result.rowsPerSecond} rows/s`);
    }
    log(`Round ${r}/${config.rounds}: ${line.join(", ")}`);
  }

  let profile: ProfileSummary | null = null;
  let serverDeadlocks = 0;
  if (next) {
    // Stopped before the breakdown so it takes no CPU from it (and so it writes its profile).
    await stopNext();
    if (httpRounds.some((h) => h.errors > 0)) {
      const serverLog = fs.readFileSync(next.logFile, "utf8");
      log(`Next.js log (last lines):\n${serverLog.split("\n").slice(-20).join("\n")}`);
      // A 500 says only "internal"; the server's log says why. Deadlocks are what was seen so far.
      serverDeadlocks = (serverLog.match(/code: '40P01'/g) ?? []).length;
    }
    const written = profileDir ? profilesIn(profileDir) : [];
    if (written.length) profile = summariseProfile(written[written.length - 1]!);
  }

  let breakdown: Breakdown | null = null;
  if (config.phases.includes("breakdown")) {
    log(`Breakdown: ${config.breakdownBatches} batches, one at a time, stage by stage…`);
    const count = Math.min(config.breakdownBatches, bodies.length);
    breakdown = await runBreakdown({
      sql: admin,
      copySql: bench.copySql,
      db: bench.db,
      apiKey: bench.apiKey,
      bodies: bodies.slice(0, count),
      copyChunks: copyChunks.slice(0, count),
      rowsPerBatch: config.batchSize,
    });
  }

  const http = medianRound(httpRounds);
  const service = medianRound(serviceRounds);
  const copy = medianRound(copyRounds);
  const httpErrors = httpRounds.reduce((sum, h) => sum + h.errors, 0);
  const httpCountsMatch = httpRounds.every((h) => h.rowsStored === h.rowsSent);
  const ratio = http && copy ? round(http.rowsPerSecond / copy.rowsPerSecond, 3) : null;
  const report = {
    startedAt: startedAt.toISOString(),
    durationSeconds: round((performance.now() - runStarted) / 1000, 1),
    buildSeconds: round(build.seconds, 1),
    machine: machine(),
    parameters: {
      rows: config.rows,
      concurrency: config.concurrency,
      rounds: config.rounds,
      batchSize: config.batchSize,
      warmupBatches: config.warmupBatches,
      breakdownBatches: config.breakdownBatches,
      seed: config.seed,
      requestMiB: round(megabytes, 1),
      pgSettingsOverridden: config.pgSettings,
      segmentFeatures: config.segmentFeatures,
    },
    postgres: await writeSettings(admin),
    http: http && {
      rowsPerSecond: http.rowsPerSecond,
      p50Ms: http.p50Ms,
      p95Ms: http.p95Ms,
      p99Ms: http.p99Ms,
      maxMs: http.maxMs,
      // Over every round: a single failed batch anywhere is a failed run.
      errors: httpErrors,
      failures: httpRounds.flatMap((h) => h.failures).slice(0, 20),
      serverLogDeadlocks: serverDeadlocks,
      rowsStored: http.rowsStored,
      rowsSent: http.rowsSent,
      countMatchesEveryRound: httpCountsMatch,
      seconds: http.seconds,
      cpu: http.cpu,
      roundsRowsPerSecond: http.roundsRowsPerSecond,
    },
    service: service && {
      ...service,
      errors: serviceRounds.reduce((sum, s) => sum + s.errors, 0),
      failures: serviceRounds.flatMap((s) => s.failures).slice(0, 20),
      countMatchesEveryRound: serviceRounds.every((s) => s.rowsStored === s.rowsSent),
    },
    copy: copy && { ...copy, countMatchesEveryRound: copyRounds.every((c) => c.rowsStored === c.rowsSent) },
    ratio,
    ratioPerRound: httpRounds.length && copyRounds.length ? httpRounds.map((h, i) => round(h.rowsPerSecond / copyRounds[i]!.rowsPerSecond, 3)) : null,
    serviceRatio: service && copy ? round(service.rowsPerSecond / copy.rowsPerSecond, 3) : null,
    goal: GOAL,
    goalMet: ratio === null ? null : ratio >= GOAL && httpErrors === 0 && httpCountsMatch,
    breakdown,
    nextProfile: profile,
    notes: notes(http, service, copy, breakdown, { httpErrors, serverDeadlocks, serviceFailures: serviceRounds.flatMap((r) => r.failures) }),
  };

  const file = writeResults("ingest", "latest.json", report);

  printTable(report.parameters, http, service, copy, breakdown, ratio, httpErrors, report.service?.errors ?? 0);
  const failures = [...(report.http?.failures ?? []).map((f) => `http batch ${f.batch}: ${f.status} ${f.body.slice(0, 200)}`), ...(report.service?.failures ?? []).map((f) => `service batch ${f.batch}: ${f.error.slice(0, 200)}`)];
  if (failures.length) log(`Failed batches (first ${Math.min(failures.length, 10)}):\n  ${failures.slice(0, 10).join("\n  ")}`);
  if (profile) printProfile(profile);
  log(`Notes: ${report.notes}`);
  log(`Wrote ${file} and bench/results/latest.json; the run took ${report.durationSeconds} s.`);
  const failed = httpErrors > 0 || !httpCountsMatch || !report.copy?.countMatchesEveryRound;
  return failed ? 1 : 0;
});

/** What limits the ratio, in figures from this run. */
function notes(
  http: HttpResult | null,
  service: ServiceResult | null,
  copy: CopyResult | null,
  breakdown: Breakdown | null,
  failed: { httpErrors: number; serverDeadlocks: number; serviceFailures: { error: string }[] },
): string {
  const parts: string[] = [];
  if (failed.httpErrors || failed.serviceFailures.length) {
    const deadlocks = failed.serverDeadlocks + failed.serviceFailures.filter((f) => f.error.startsWith("40P01")).length;
    parts.push(
      `FAILED BATCHES: ${failed.httpErrors} over HTTP, ${failed.serviceFailures.length} in the service phase` +
        `${deadlocks ? `; ${deadlocks} of them deadlocks (40P01) between concurrent batches` : ""}.`,
    );
  }
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const per1000 = (seconds: number | null, rows: number) => (seconds === null ? null : Math.round((seconds / rows) * 1e6));
  if (http && copy) {
    parts.push(`HTTP ingest ran at ${pct(http.rowsPerSecond / copy.rowsPerSecond)} of COPY's rate.`);
    const httpCpu = (per1000(http.cpu.nextSeconds, http.rowsSent) ?? 0) + (per1000(http.cpu.postgresSeconds, http.rowsSent) ?? 0) + (per1000(http.cpu.benchSeconds, http.rowsSent) ?? 0);
    const copyCpu = (per1000(copy.cpu.postgresSeconds, copy.rowsSent) ?? 0) + (per1000(copy.cpu.benchSeconds, copy.rowsSent) ?? 0);
    const busy = (c: CpuUse) => round((c.benchSeconds + (c.nextSeconds ?? 0) + (c.postgresSeconds ?? 0)) / c.wallSeconds, 2);
    const cores = os.cpus().length;
    const bound = busy(http.cpu) >= 0.85 * cores && busy(copy.cpu) >= 0.85 * cores;
    parts.push(
      `${bound ? "Both are CPU-bound" : "Not both CPU-bound"}: the processes kept ${busy(http.cpu)} (HTTP) and ${busy(copy.cpu)} (COPY) of ${cores} cores busy` +
        `${bound ? ", so the ratio is about the CPU each spends per 1,000 rows" : ""}: ` +
        `HTTP ${httpCpu} ms (Next.js ${per1000(http.cpu.nextSeconds, http.rowsSent)}, PostgreSQL ${per1000(http.cpu.postgresSeconds, http.rowsSent)}, client ${per1000(http.cpu.benchSeconds, http.rowsSent)}) ` +
        `against COPY ${copyCpu} ms (PostgreSQL ${per1000(copy.cpu.postgresSeconds, copy.rowsSent)}, client ${per1000(copy.cpu.benchSeconds, copy.rowsSent)}).`,
    );
  }
  if (service && copy) parts.push(`The same work without HTTP (JSON.parse + ingestPredictions in-process) ran at ${pct(service.rowsPerSecond / copy.rowsPerSecond)} of COPY.`);
  if (http && service) parts.push(`HTTP and Next.js cost ${pct(1 - http.rowsPerSecond / service.rowsPerSecond)} of the service's throughput.`);
  if (breakdown) {
    const m = breakdown.medianMs;
    parts.push(
      `One ${breakdown.rowsPerBatch}-row batch alone (median ms): JSON.parse ${m.jsonParse}, key check ${m.apiKey}, envelope ${m.envelope}, ` +
        `model lookup ${m.findModel}, zod row validation ${m.validate}, payload JSON.stringify ${m.serialise}, SQL ${m.sql} ` +
        `(total ${breakdown.totalMs}; COPY of the same batch ${breakdown.copyMedianMs}).`,
    );
  }
  return parts.join(" ");
}

function printTable(
  parameters: { rows: number; concurrency: number; batchSize: number; rounds: number },
  http: HttpResult | null,
  service: ServiceResult | null,
  copy: CopyResult | null,
  breakdown: Breakdown | null,
  ratio: number | null,
  httpErrors: number,
  serviceErrors: number,
) {
  const cell = (v: number | string | null | undefined, width: number) => String(v ?? "–").padStart(width);
  const cpu = (c: { benchSeconds: number; nextSeconds: number | null; postgresSeconds: number | null }) =>
    `${c.benchSeconds}/${c.nextSeconds ?? "–"}/${c.postgresSeconds ?? "–"}`;
  console.log(
    `\n  Ingest of ${parameters.rows.toLocaleString("en")} rows, batches of ${parameters.batchSize}, ${parameters.concurrency} concurrent, ` +
      `${os.cpus().length} cores, Node ${process.version}; median of ${parameters.rounds} round${parameters.rounds === 1 ? "" : "s"}`,
  );
  console.log(`  ${"phase".padEnd(8)}${cell("rows/s", 9)}${cell("p50 ms", 9)}${cell("p95 ms", 9)}${cell("p99 ms", 9)}${cell("stored", 9)}${cell("errors", 8)}  cpu s client/next/pg`);
  if (http) console.log(`  ${"http".padEnd(8)}${cell(http.rowsPerSecond, 9)}${cell(http.p50Ms, 9)}${cell(http.p95Ms, 9)}${cell(http.p99Ms, 9)}${cell(http.rowsStored, 9)}${cell(httpErrors, 8)}  ${cpu(http.cpu)}`);
  if (service) console.log(`  ${"service".padEnd(8)}${cell(service.rowsPerSecond, 9)}${cell(service.p50Ms, 9)}${cell(service.p95Ms, 9)}${cell(service.p99Ms, 9)}${cell(service.rowsStored, 9)}${cell(serviceErrors, 8)}  ${cpu(service.cpu)}`);
  if (copy) console.log(`  ${"copy".padEnd(8)}${cell(copy.rowsPerSecond, 9)}${cell("", 9)}${cell("", 9)}${cell("", 9)}${cell(copy.rowsStored, 9)}${cell("", 8)}  ${cpu(copy.cpu)}`);
  if (ratio !== null) console.log(`\n  ratio http/copy = ${ratio} (goal ≥ ${GOAL}: ${ratio >= GOAL ? "met" : "NOT met"})`);
  if (breakdown) {
    const stages = Object.entries(breakdown.medianMs).map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(`  one batch alone, median ms: ${stages}; COPY ${breakdown.copyMedianMs}`);
  }
  console.log("");
}

function printProfile(profile: ProfileSummary) {
  console.log(`  Next.js CPU profile (${profile.file}), self time by area (ms): ${Object.entries(profile.byArea).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  for (const entry of profile.top.slice(0, 15)) console.log(`    ${String(entry.selfMs).padStart(7)} ms  ${entry.functionName}  ${entry.where}`);
  console.log("");
}
