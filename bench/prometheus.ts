import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { authenticateApiKey, createApiKey } from "@/lib/services/api-keys";
import { ingestPredictions } from "@/lib/services/ingest";
import { prometheusScrape, refreshRollups } from "@/lib/services/metrics";
import { seededRandom } from "@/lib/stats/seeded-random";
import { chunk, generateRows, MODEL_SLUG } from "./data";
import { describeError } from "./ingest-service";
import { CpuMeter, percentile, round } from "./measure";
import { watchNoise } from "./metrics-noise";
import { summariseProfile } from "./profile";
import { startBenchDatabase } from "./setup";

/**
 * `npm run bench:prometheus`: the Prometheus scrape, GET /api/v1/metrics, with `--models` models
 * (DESIGN.md, Performance; issue 19: p95 < 100 ms at 100 models). Binary, multiclass and
 * regression models, each with `--rows` predictions spread over `--days` days (so every model has
 * hourly and daily rollups, a reference window and a current one), loaded through the ingest
 * service and rolled up. Then the scrape is timed in-process, as the route runs it for a `read`
 * key (key check, reads, text), without a Next.js server on the same two cores (the route module
 * needs Next.js' runtime; bench:load times the same route over HTTP among other traffic). Writes
 * bench/results/prometheus-<time>.json and prometheus-latest.json.
 */

const GOALS = { scrapeP95Ms: 100 };
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const CLASSES = ["easy_ham", "hard_ham", "spam"];

type Config = { models: number; rows: number; days: number; requests: number; warmup: number; seed: number; profile: boolean };

const usage = `npm run bench:prometheus -- [--models 100] [--rows 2000] [--days 8] [--requests 40] [--warmup 5] [--seed 1] [--profile]
Environment: BENCH_MODELS, BENCH_MODEL_ROWS, BENCH_DAYS, BENCH_REQUESTS, BENCH_WARMUP, BENCH_SEED, BENCH_PROFILE=1
--profile: a V8 CPU profile of the timed scrapes only, summed by function`;

function readConfig(argv = process.argv.slice(2), env = process.env): Config {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { models: { type: "string" }, rows: { type: "string" }, days: { type: "string" }, requests: { type: "string" }, warmup: { type: "string" }, seed: { type: "string" }, profile: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) {
      console.error(`[bench:prometheus] ${name} must be a whole number of at least ${min}\n${usage}`);
      process.exit(2);
    }
    return n;
  };
  return {
    models: int("--models", values.models ?? env.BENCH_MODELS, 100, 1),
    rows: int("--rows", values.rows ?? env.BENCH_MODEL_ROWS, 2000, 1),
    days: int("--days", values.days ?? env.BENCH_DAYS, 8, 2),
    requests: int("--requests", values.requests ?? env.BENCH_REQUESTS, 40, 1),
    warmup: int("--warmup", values.warmup ?? env.BENCH_WARMUP, 5, 0),
    seed: int("--seed", values.seed ?? env.BENCH_SEED, 1, 0),
    profile: values.profile ?? env.BENCH_PROFILE === "1",
  };
}

const root = process.cwd();
const log = (line: string) => console.log(`[bench:prometheus] ${line}`);
const startedAt = new Date();
const running: { stopDatabase: (() => Promise<void>) | null; tempDir: string | null } = { stopDatabase: null, tempDir: null };
process.on("exit", () => {
  if (running.tempDir) fs.rmSync(running.tempDir, { recursive: true, force: true });
});

type Task = "binary" | "multiclass" | "regression";
/** Seven in ten models binary, the rest multiclass and regression in turn (the bench's own binary model is the first). */
const taskOf = (index: number): Task => (index % 10 < 7 ? "binary" : index % 2 ? "multiclass" : "regression");

/**
 * The bench's ham/spam rows in the shape of the model's task: three in five over the last 24 hours
 * (every hour of the scrape's window), the rest in four hours of each earlier day of `days` (the
 * reference window's daily rollups, without rolling up every hour of a week for 100 models).
 */
function modelRows(task: Task, config: Config, index: number) {
  const next = seededRandom(config.seed * 1000 + index);
  const at = () => {
    if (next() < 0.6) return Date.now() - 60_000 - Math.floor(next() * (DAY_MS - 2 * 60_000));
    return Date.now() - (1 + Math.floor(next() * (config.days - 1))) * DAY_MS - Math.floor(next() * 4) * 6 * HOUR_MS - Math.floor(next() * HOUR_MS);
  };
  return generateRows(config.rows, { seed: config.seed * 1000 + index, prefix: `m${index}` }).map((row) => {
    const timestamp = new Date(at()).toISOString();
    const base = { id: row.id, timestamp, features: row.features, ...(row.version ? { version: row.version } : {}) };
    if (task === "binary") return { ...base, score: row.score, label: row.label, ...(row.actual ? { actual: row.actual } : {}) };
    if (task === "regression") {
      const value = row.features.length / 10 + row.features.links * 3;
      return { ...base, value, ...(row.actual ? { actual: { value: value + (next() - 0.5) * 40 } } : {}) };
    }
    const label = CLASSES[Math.min(2, Math.floor(row.score * 3))]!;
    return { ...base, label, probabilities: Object.fromEntries(CLASSES.map((c) => [c, c === label ? 0.8 : 0.1])), ...(row.actual ? { actual: { label: next() < 0.8 ? label : "spam" } } : {}) };
  });
}

async function main(): Promise<number> {
  const config = readConfig();
  log(`${config.models} models × ${config.rows.toLocaleString("en")} predictions over ${config.days} days, ${config.requests} scrapes (+ ${config.warmup} warm-up)`);
  const bench = await startBenchDatabase({
    concurrency: 2,
    pgSettings: {},
    log,
    onStarted: ({ tempDir, stop }) => {
      running.tempDir = tempDir;
      running.stopDatabase = stop;
    },
  });
  const system = systemContext(bench.db, "bench");

  // 1. The models and their history, through the ingest service; then every hour rolled up.
  let started = performance.now();
  for (let i = 0; i < config.models; i++) {
    const task = taskOf(i);
    const slug = i === 0 ? MODEL_SLUG : `model-${String(i).padStart(3, "0")}`;
    if (i > 0) {
      const classes = task === "binary" ? { classes: ["ham", "spam"], positiveClass: "spam" } : task === "multiclass" ? { classes: CLASSES } : {};
      await createModel(system, { slug, name: `Model ${i}`, task, ...classes });
    }
    for (const batch of chunk(modelRows(task, config, i), 5000)) await ingestPredictions(system, { model: slug, predictions: batch });
  }
  const loadSeconds = round((performance.now() - started) / 1000, 1);
  started = performance.now();
  await refreshRollups(bench.db, { maxBuckets: Number.POSITIVE_INFINITY });
  const rollupSeconds = round((performance.now() - started) / 1000, 1);
  await bench.admin`vacuum analyze`;
  const [counts] = await bench.admin<{ predictions: number; hourly: number; daily: number }[]>`
    select (select count(*) from predictions)::int as predictions, (select count(*) from metric_rollups)::int as hourly, (select count(*) from metric_rollups_daily)::int as daily`;
  log(`Loaded ${counts!.predictions.toLocaleString("en")} predictions in ${loadSeconds} s, rolled up in ${rollupSeconds} s (${counts!.hourly.toLocaleString("en")} hourly rollups, ${counts!.daily.toLocaleString("en")} daily).`);

  // 2. The scrapes, one after another, as Prometheus sends them.
  const key = (await createApiKey(system, { name: "scrape", permissions: ["read"], models: null })).secret;
  const scrape = async () => {
    const t0 = performance.now();
    // What the route does for a key: check it, then read and write every model's figures.
    const text = await prometheusScrape({ db: bench.db, actor: await authenticateApiKey(bench.db, `Bearer ${key}`) });
    return { ms: performance.now() - t0, text };
  };
  for (let i = 0; i < config.warmup; i++) await scrape();
  const cpu = new CpuMeter({ next: null, postgres: bench.postmasterPid });
  cpu.begin();
  const noise = watchNoise(() => [bench.postmasterPid]);
  const times: number[] = [];
  let last = "";
  const profiler = config.profile ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  for (let i = 0; i < config.requests; i++) {
    const { ms, text } = await scrape();
    times.push(ms);
    last = text;
  }
  const cpuUse = cpu.end();
  const profile = profiler ? await stopProfile(profiler) : null;
  const machine = noise();

  const lines = last.split("\n").filter((l) => l && !l.startsWith("#"));
  const scrapeFigures = { n: times.length, p50Ms: round(percentile(times, 50), 1), p95Ms: round(percentile(times, 95), 1), p99Ms: round(percentile(times, 99), 1), maxMs: round(Math.max(...times), 1) };
  const goalsMet = { scrapeP95: scrapeFigures.p95Ms < GOALS.scrapeP95Ms };
  const report = {
    startedAt: startedAt.toISOString(),
    machine: { cores: os.cpus().length, node: process.version },
    how: "in-process: authenticateApiKey + prometheusScrape (what the GET /api/v1/metrics route runs for a read key), one scrape after another, on the app's connection pool",
    parameters: config,
    load: { predictions: counts!.predictions, hourlyRollups: counts!.hourly, dailyRollups: counts!.daily, loadSeconds, rollupSeconds },
    scrape: { ...scrapeFigures, samples: lines.length, bytes: Buffer.byteLength(last) },
    cpu: cpuUse,
    // CPU-seconds other processes on this shared machine took during the timed scrapes.
    otherCpuSeconds: machine.otherCpuSeconds,
    goals: GOALS,
    goalsMet,
    profile,
  };
  const resultsDir = path.join(root, "bench", "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `prometheus-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const text = JSON.stringify(report, null, 2) + "\n";
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(resultsDir, "prometheus-latest.json"), text);

  console.log(`\n  Prometheus scrape: ${config.models} models, ${lines.length.toLocaleString("en")} samples (${round(report.scrape.bytes / 1024, 1)} KiB), ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`  p50 ${scrapeFigures.p50Ms} ms, p95 ${scrapeFigures.p95Ms} ms, p99 ${scrapeFigures.p99Ms} ms, max ${scrapeFigures.maxMs} ms   (p95 < ${GOALS.scrapeP95Ms} ms: ${goalsMet.scrapeP95 ? "met" : "NOT met"})`);
  console.log(`  CPU s: bench ${cpuUse.benchSeconds}, PostgreSQL ${cpuUse.postgresSeconds ?? "–"}, other processes ${machine.otherCpuSeconds ?? "–"} (of ${round(cpuUse.wallSeconds * os.cpus().length, 1)} available)\n`);
  if (profile) {
    console.log(`  CPU profile of the scrapes (${profile.file}), self time by area (ms): ${Object.entries(profile.byArea).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    for (const f of profile.top) console.log(`    ${String(f.selfMs).padStart(6)} ms  ${f.functionName}  ${f.where}`);
    console.log("");
  }
  log(`Wrote ${path.relative(root, file)} and bench/results/prometheus-latest.json.`);
  return Object.values(goalsMet).every(Boolean) ? 0 : 1;
}

/** Stops the inspector's profiler, writes its profile next to the results and sums it. */
async function stopProfile(session: Session) {
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  const file = path.join(os.tmpdir(), `vigil-bench-prometheus-${startedAt.getTime()}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return summariseProfile(file, 30);
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[bench:prometheus] ${describeError(error)}`);
  if (error instanceof Error && error.stack) console.error(error.stack.split("\n").filter((l) => l.trimStart().startsWith("at ")).slice(0, 8).join("\n"));
} finally {
  await running.stopDatabase?.().catch(() => {});
  running.tempDir = null;
}
process.exit(exitCode);
