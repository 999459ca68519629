import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { createApiKey } from "@/lib/services/api-keys";
import { createUser } from "@/lib/services/users";
import { getModelMetrics, type ModelMetrics, refreshRollups } from "@/lib/services/metrics";
import { MODEL_SLUG } from "./data";
import { writeSettings } from "./db";
import { CpuMeter, round, type CpuUse } from "./measure";
import { readMetricsConfig, type MetricsBenchConfig } from "./metrics-config";
import { groupByHour, loadHistory, planHistory, SEGMENT_FEATURE, type HistoryPlan, type HourFigures } from "./metrics-data";
import { measureSplits, SPLIT_GOALS, type SplitTimings } from "./metrics-splits";
import { signIn, summarise, timedGet, type Timings } from "./metrics-http";
import { watchNoise, type Noise } from "./metrics-noise";
import { profilesIn, summariseProfile, type ProfileSummary } from "./profile";
import { runBench, type Bench } from "./harness";
import type { BenchDatabase } from "./setup";

/**
 * `npm run bench:metrics`: the dashboard's read path at ten million predictions (DESIGN.md,
 * Performance). Loads one binary model's history with COPY, times the rollup computation over all
 * its hours, then measures over HTTP against `next start`: the 30-day hourly chart data (p95 < 50 ms
 * and at least 20 times faster than a plain GROUP BY over the raw rows, timed side by side) and the
 * model page rendered on the server (< 300 ms); the chart split by version (3 versions) and by a
 * declared 20-value segment feature (p95 < 100 ms each) and the slices query (p95 < 200 ms).
 * Writes bench/results/metrics-<time>.json.
 */

const GOALS = { chartP95Ms: 50, speedup: 20, pageMs: 300 };
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const runStarted = performance.now();

type Run = {
  bench: Bench;
  config: MetricsBenchConfig;
  database: BenchDatabase;
  steps: Record<string, number>;
  noise: Record<string, Noise>;
};

runBench("bench:metrics", async (bench) => {
  const config = readMetricsConfig();
  bench.log(`rows ${config.rows.toLocaleString("en")} over ${config.days} days, ${config.loadConnections} COPY connections`);
  const steps: Record<string, number> = {};
  const noise: Record<string, Noise> = {};
  steps.buildSeconds = round((await bench.build()).seconds, 1);

  let started = performance.now();
  const database = await bench.database({ concurrency: config.loadConnections, pgSettings: config.pgSettings });
  const ctx = systemContext(database.db, "bench");
  const readKey = await createApiKey(ctx, { name: "bench-read", permissions: ["read"], models: [MODEL_SLUG] });
  const email = "bench@example.com";
  const password = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  await createUser(ctx, { email, name: "Benchmark viewer", role: "viewer", password });
  steps.databaseSeconds = bench.seconds(started);
  // The model splits by `region` from the start, so the rollups below write its split rows too.
  await database.admin`update models set segment_features = ${JSON.stringify([{ name: SEGMENT_FEATURE, type: "categorical" }])}::jsonb where id = ${database.model.id}::uuid`;
  const run: Run = { bench, config, database, steps, noise };

  const { plan, load, size } = await loadHistoryPhase(run);
  const { hours, rollups, rollupSizes } = await rollupPhase(run, plan);

  // 3. next start against this database, and a signed-in session.
  started = performance.now();
  const profileDir = config.profile ? fs.mkdtempSync(path.join(os.tmpdir(), "vigil-bench-profile-")) : null;
  const next = await bench.startNext({
    databaseUrl: database.url,
    logFile: path.join(database.tempDir, "next.log"),
    nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  const cookie = await signIn(next.baseUrl, email, password);
  steps.nextStartSeconds = bench.seconds(started);
  bench.log(`next start answers on ${next.baseUrl}; signed in.`);

  const server: Server = {
    baseUrl: next.baseUrl,
    chartUrl: () => {
      const to = new Date();
      const from = new Date(to.getTime() - config.days * DAY_MS);
      return `${next.baseUrl}/api/v1/models/${MODEL_SLUG}/metrics?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket: "hour" })}`;
    },
    keyHeaders: { Authorization: `Bearer ${readKey.secret}` },
    pageHeaders: { Cookie: cookie },
  };
  const { chart, groupBy, agreement, lastChart, groupByRows } = await chartPhase(run, server);
  const page = await pagePhase(run, server);
  started = performance.now();
  const splits = await measureSplits(server, config.days, config.chartRequests);
  steps.splitsSeconds = bench.seconds(started);
  bench.log(`Split by version p95 ${splits.byVersion.p95Ms} ms (${splits.byVersion.values} values), by ${SEGMENT_FEATURE} p95 ${splits.byFeature.p95Ms} ms (${splits.byFeature.values}); slices p95 ${splits.slices.p95Ms} ms.`);
  const extras = await extrasPhase(run, server, ctx, plan, hours);
  await bench.stopNext();
  let profile: ProfileSummary | null = null;
  if (profileDir) {
    const written = profilesIn(profileDir);
    if (written.length) profile = summariseProfile(written[written.length - 1]!, 30);
  }

  const speedup = round(groupBy.p50Ms / chart.p95Ms, 1);
  const goalsMet = {
    chartP95: chart.p95Ms < GOALS.chartP95Ms,
    speedup: speedup >= GOALS.speedup,
    page: page.p95Ms < GOALS.pageMs,
    figuresAgree: agreement.mismatches === 0 && agreement.hours > 0,
    splitByVersionP95: splits.byVersion.p95Ms < SPLIT_GOALS.splitP95Ms,
    splitByFeatureP95: splits.byFeature.p95Ms < SPLIT_GOALS.splitP95Ms,
    splitByVersionDailyP95: splits.byVersionDaily.p95Ms < SPLIT_GOALS.splitP95Ms,
    splitByFeatureDailyP95: splits.byFeatureDaily.p95Ms < SPLIT_GOALS.splitP95Ms,
    slicesP95: splits.slices.p95Ms < SPLIT_GOALS.slicesP95Ms,
  };
  const report = {
    startedAt: bench.startedAt.toISOString(),
    durationSeconds: bench.seconds(runStarted),
    steps,
    machine: bench.machine(),
    parameters: { ...config, hours: hours.length },
    postgres: await writeSettings(database.admin),
    // CPU seconds the whole machine used in each phase, and how much of it was not this run's.
    noise,
    sizes: { predictionsTable: size.table, predictionsIndexes: size.indexes, ...rollupSizes },
    load,
    rollups,
    chart: { ...chart, url: `/api/v1/models/${MODEL_SLUG}/metrics?from=<now − ${config.days} d>&to=<now>&bucket=hour`, points: lastChart?.series.length ?? 0 },
    groupBy: { ...groupBy, hours: groupByRows.length },
    speedup,
    speedupOfMedians: round(groupBy.p50Ms / chart.p50Ms, 1),
    agreement,
    page: { ...page, url: `/models/${MODEL_SLUG}?range=30d` },
    splits,
    extras,
    goals: { ...GOALS, ...SPLIT_GOALS },
    goalsMet,
    nextProfile: profile,
  };

  const file = bench.writeResults("metrics", "metrics-latest.json", report);
  printTable(report);
  if (profile) {
    console.log(`  Next.js CPU profile (${profile.file}), self time by area (ms): ${Object.entries(profile.byArea).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    for (const entry of profile.top.slice(0, 25)) console.log(`    ${String(entry.selfMs).padStart(7)} ms  ${entry.functionName}  ${entry.where}`);
    console.log("");
  }
  bench.log(`Wrote ${file} and bench/results/metrics-latest.json; the run took ${report.durationSeconds} s.`);
  return Object.values(goalsMet).every(Boolean) ? 0 : 1;
});

type Server = { baseUrl: string; chartUrl: () => string; keyHeaders: Record<string, string>; pageHeaders: Record<string, string> };
const chartCheck = (body: string) => (body.startsWith('{"model":"bench-model"') ? null : `not the metrics JSON: ${body.slice(0, 120)}`);

/** 1. The history, with COPY, then what autovacuum would do by itself soon after such a load. */
async function loadHistoryPhase({ bench, config, database, steps, noise }: Run) {
  const plan = planHistory(config.rows, config.days, new Date(Date.now() - 60_000));
  bench.log(`Loading ${config.rows.toLocaleString("en")} predictions over ${plan.perHour.length} hours with COPY…`);
  let started = performance.now();
  const watch = watchNoise(bench.pids);
  const loadCpu = new CpuMeter({ next: null, postgres: database.postmasterPid });
  loadCpu.begin();
  await loadHistory({
    sql: database.copySql,
    plan,
    modelId: database.model.id,
    versionIdsByName: database.versionIds,
    connections: config.loadConnections,
    seed: config.seed,
    // Rows handed to the COPY streams so far (PostgreSQL is a little behind: the total below is what it stored).
    onProgress: (done) => bench.log(`  ${done.toLocaleString("en")} rows sent, ${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString("en")} rows/s`),
  });
  steps.loadSeconds = bench.seconds(started);
  noise.load = watch();
  const load = { seconds: steps.loadSeconds, rowsPerSecond: Math.round(config.rows / steps.loadSeconds), cpu: loadCpu.end() };
  bench.log(`Loaded in ${load.seconds} s (${load.rowsPerSecond.toLocaleString("en")} rows/s).`);

  // Statistics and the visibility map.
  started = performance.now();
  const { admin } = database;
  await admin`vacuum (analyze) predictions`;
  await admin`checkpoint`;
  steps.vacuumSeconds = bench.seconds(started);
  const [size] = await admin<{ table: string; indexes: string }[]>`
    select pg_size_pretty(pg_table_size('predictions')) as table, pg_size_pretty(pg_indexes_size('predictions')) as indexes`;
  bench.log(`vacuum (analyze) and checkpoint: ${steps.vacuumSeconds} s; predictions ${size!.table} + indexes ${size!.indexes}.`);
  return { plan, load, size: size! };
}

/** 2. Every hour marked dirty, and the rollups computed from the raw rows, timed. */
async function rollupPhase({ bench, config, database, steps, noise }: Run, plan: HistoryPlan) {
  const { admin, model } = database;
  const hours = plan.perHour.flatMap((n, h) => (n > 0 ? [new Date(plan.firstHour.getTime() + h * HOUR_MS)] : []));
  await admin`insert into rollup_dirty_buckets (model_id, bucket_start) select ${model.id}::uuid, unnest(${hours.map((h) => h.toISOString())}::timestamptz[]) on conflict do nothing`;
  bench.log(`Computing the rollups of ${hours.length} hours…`);
  const started = performance.now();
  const watch = watchNoise(bench.pids);
  const refreshCpu = new CpuMeter({ next: null, postgres: database.postmasterPid });
  refreshCpu.begin();
  const buckets = await refreshRollups(database.db, { modelId: model.id, maxBuckets: hours.length + 100 });
  steps.rollupSeconds = bench.seconds(started);
  noise.rollups = watch();
  const [stored] = await admin<{ volume: number; hours: number }[]>`
    select coalesce(sum(volume), 0)::float8 as volume, count(*)::int as hours from metric_rollups where model_id = ${model.id}::uuid`;
  const rollups = {
    buckets,
    seconds: steps.rollupSeconds,
    rowsPerSecond: Math.round(config.rows / steps.rollupSeconds),
    msPerHour: round((steps.rollupSeconds * 1000) / Math.max(1, buckets), 1),
    cpu: refreshCpu.end(),
    volumeMatches: Number(stored!.volume) === config.rows,
  };
  bench.log(`Rollups of ${buckets} hours in ${rollups.seconds} s: ${rollups.rowsPerSecond.toLocaleString("en")} rows/s (${rollups.msPerHour} ms per hour).`);
  if (!rollups.volumeMatches) throw new Error(`The rollups count ${stored!.volume} predictions, not ${config.rows}`);
  return { hours, rollups, rollupSizes: await rollupTableSizes(admin) };
}

/** 4. Chart data over HTTP and the GROUP BY over raw rows, taking turns. */
async function chartPhase({ bench, config, database, steps, noise }: Run, server: Server) {
  const started = performance.now();
  // A server that has run a while: its JIT has compiled the read path (the first requests are 2× slower).
  for (let i = 0; i < 20; i++) await timedGet(server.chartUrl(), server.keyHeaders, chartCheck);
  const watch = watchNoise(bench.pids);
  const chartSamples: number[] = [];
  const groupBySamples: number[] = [];
  let lastChart: ModelMetrics | null = null;
  let chartBytes = 0;
  let groupByRows: HourFigures[] = [];
  const perTurn = Math.ceil(config.chartRequests / config.groupByRuns);
  bench.log(`Chart data: ${config.chartRequests} requests, taking turns with ${config.groupByRuns} runs of the GROUP BY over raw rows…`);
  while (chartSamples.length < config.chartRequests || groupBySamples.length < config.groupByRuns) {
    if (groupBySamples.length < config.groupByRuns) {
      const to = new Date();
      const from = new Date(Math.floor((to.getTime() - config.days * DAY_MS) / HOUR_MS) * HOUR_MS);
      const t0 = performance.now();
      groupByRows = await groupByHour(database.admin, database.model.id, database.model.positiveClass!, from, to);
      groupBySamples.push(performance.now() - t0);
    }
    for (let i = 0; i < perTurn && chartSamples.length < config.chartRequests; i++) {
      const { ms, body } = await timedGet(server.chartUrl(), server.keyHeaders, chartCheck);
      chartSamples.push(ms);
      chartBytes = Buffer.byteLength(body);
      if (chartSamples.length === config.chartRequests) lastChart = JSON.parse(body) as ModelMetrics;
    }
  }
  const chart = summarise(chartSamples, chartBytes);
  const groupBy = summarise(groupBySamples, 0);
  const agreement = compareFigures(lastChart!, groupByRows);
  steps.chartSeconds = bench.seconds(started);
  noise.chart = watch();
  bench.log(`Chart data p50 ${chart.p50Ms} ms, p95 ${chart.p95Ms} ms; GROUP BY median ${groupBy.p50Ms} ms; ${agreement.mismatches} hours differ.`);
  return { chart, groupBy, agreement, lastChart, groupByRows };
}

/** 5. The model page, rendered on the server for a signed-in viewer. */
async function pagePhase({ bench, config, steps, noise }: Run, server: Server): Promise<Timings> {
  const started = performance.now();
  const pageUrl = `${server.baseUrl}/models/${MODEL_SLUG}?range=30d`;
  const pageCheck = (body: string) => (body.includes("Benchmark model") && body.includes("Drift") ? null : `not the model page: ${body.slice(0, 120)}`);
  for (let i = 0; i < 10; i++) await timedGet(pageUrl, server.pageHeaders, pageCheck);
  const watch = watchNoise(bench.pids);
  const pageSamples: number[] = [];
  let pageBytes = 0;
  for (let i = 0; i < config.pageRequests; i++) {
    const { ms, body } = await timedGet(pageUrl, server.pageHeaders, pageCheck);
    pageSamples.push(ms);
    pageBytes = Buffer.byteLength(body);
  }
  const page = summarise(pageSamples, pageBytes);
  steps.pageSeconds = bench.seconds(started);
  noise.page = watch();
  bench.log(`Model page p50 ${page.p50Ms} ms, p95 ${page.p95Ms} ms (${Math.round(pageBytes / 1024)} KiB).`);
  return page;
}

/** 6. Extras: the overview page, the service without HTTP, and reads that find the latest hour dirty. */
async function extrasPhase({ bench, config, database, steps }: Run, server: Server, ctx: ServiceContext, plan: HistoryPlan, hours: Date[]) {
  const started = performance.now();
  let extras: Record<string, Timings> | null = null;
  if (config.extraRequests > 0) {
    extras = {};
    const overviewUrl = `${server.baseUrl}/`;
    const overviewCheck = (body: string) => (body.includes("Benchmark model") ? null : `not the overview: ${body.slice(0, 120)}`);
    await timedGet(overviewUrl, server.pageHeaders, overviewCheck);
    const overview: number[] = [];
    for (let i = 0; i < config.extraRequests; i++) overview.push((await timedGet(overviewUrl, server.pageHeaders, overviewCheck)).ms);
    extras.overviewPage = summarise(overview, 0);

    const service: number[] = [];
    for (let i = 0; i < config.extraRequests + 3; i++) {
      const to = new Date();
      const t0 = performance.now();
      await getModelMetrics(ctx, MODEL_SLUG, { from: new Date(to.getTime() - config.days * DAY_MS).toISOString(), to: to.toISOString(), bucket: "hour" });
      if (i >= 3) service.push(performance.now() - t0);
    }
    extras.chartServiceInProcess = summarise(service, 0);

    // Live traffic keeps the current hour dirty: each read then recomputes it from raw rows first.
    const lastHour = hours[hours.length - 1]!;
    const busiest = hours[plan.perHour.indexOf(Math.max(...plan.perHour))]!;
    const dirty: number[] = [];
    for (let i = 0; i < config.extraRequests; i++) {
      await database.admin`insert into rollup_dirty_buckets (model_id, bucket_start) values (${database.model.id}::uuid, ${i % 2 ? busiest : lastHour}) on conflict do nothing`;
      dirty.push((await timedGet(server.chartUrl(), server.keyHeaders, chartCheck)).ms);
    }
    extras.chartWithOneDirtyHour = summarise(dirty, 0);
    bench.log(
      `Overview page p50 ${extras.overviewPage.p50Ms} ms; chart data in-process p50 ${extras.chartServiceInProcess.p50Ms} ms; ` +
        `chart data with one dirty hour p50 ${extras.chartWithOneDirtyHour.p50Ms} ms, p95 ${extras.chartWithOneDirtyHour.p95Ms} ms.`,
    );
  }
  steps.extrasSeconds = bench.seconds(started);
  return extras;
}

/** The API's hourly figures against the GROUP BY's, hour by hour (counts exactly, sums to 1e-9). */
function compareFigures(m: ModelMetrics, rows: HourFigures[]) {
  const byStart = new Map(m.series.map((p) => [p.start, p]));
  const problems: string[] = [];
  for (const row of rows) {
    const start = new Date(row.bucket).toISOString();
    const p = byStart.get(start);
    const positive = p?.positiveRate ? Math.round(p.positiveRate.value * p.volume) : 0;
    const confidence = p?.estimatedAccuracy ? p.estimatedAccuracy.value * p.estimatedAccuracy.n : 0;
    const truth = p?.groundTruthAccuracy?.n ?? 0;
    const correct = Math.round((p?.groundTruthAccuracy?.value ?? 0) * truth);
    const same =
      p &&
      p.volume === row.volume &&
      positive === row.positive &&
      Math.abs(confidence - row.confidence) <= 1e-9 * Math.max(1, row.confidence) &&
      truth === row.truth &&
      correct === row.correct;
    if (!same) problems.push(`${start}: api ${JSON.stringify({ volume: p?.volume, positive, confidence, truth, correct })} raw ${JSON.stringify(row)}`);
  }
  const apiVolume = m.series.reduce((sum, p) => sum + p.volume, 0);
  const rawVolume = rows.reduce((sum, r) => sum + r.volume, 0);
  if (apiVolume !== rawVolume) problems.push(`total volume: api ${apiVolume}, raw ${rawVolume}`);
  return { hours: rows.length, mismatches: problems.length, examples: problems.slice(0, 5) };
}

async function rollupTableSizes(sql: Parameters<typeof writeSettings>[0]): Promise<Record<string, string | number>> {
  const tables = await sql<{ name: string; size: string }[]>`
    select c.relname as name, pg_size_pretty(pg_total_relation_size(c.oid)) as size
    from pg_class c where c.relkind = 'r' and c.relname like 'metric_rollups%'`;
  const [avg] = await sql<{ bytes: number }[]>`select coalesce(avg(pg_column_size(distributions)), 0)::float8 as bytes from metric_rollups`;
  return {
    ...Object.fromEntries(tables.map((t) => [t.name, t.size])),
    hourlyDistributionsAvgBytes: Math.round(avg?.bytes ?? 0),
  };
}

function printTable(r: {
  parameters: { rows: number; days: number; hours: number };
  load: { seconds: number; rowsPerSecond: number };
  rollups: { seconds: number; rowsPerSecond: number; msPerHour: number; buckets: number; cpu: CpuUse };
  chart: Timings;
  groupBy: Timings;
  speedup: number;
  page: Timings;
  splits: SplitTimings;
  extras: Record<string, Timings> | null;
  noise: Record<string, Noise>;
  agreement: { mismatches: number; hours: number };
  goalsMet: Record<string, boolean>;
  steps: Record<string, number>;
}) {
  const ok = (met: boolean | undefined) => (met ? "met" : "NOT met");
  const row = (name: string, t: Timings | null | undefined, goal = "") =>
    t ? console.log(`  ${name.padEnd(34)}${String(t.p50Ms).padStart(9)}${String(t.p95Ms).padStart(9)}${String(t.maxMs).padStart(9)}${String(t.requests).padStart(6)}  ${goal}`) : undefined;
  console.log(`\n  Dashboard reads at ${r.parameters.rows.toLocaleString("en")} predictions over ${r.parameters.days} days (${r.parameters.hours} hours), ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`  load (COPY)            ${r.load.seconds} s, ${r.load.rowsPerSecond.toLocaleString("en")} rows/s`);
  console.log(
    `  rollups (all hours)    ${r.rollups.seconds} s, ${r.rollups.rowsPerSecond.toLocaleString("en")} rows/s, ${r.rollups.msPerHour} ms per hour ` +
      `(cpu s bench/pg ${r.rollups.cpu.benchSeconds}/${r.rollups.cpu.postgresSeconds ?? "–"})`,
  );
  console.log(`\n  ${"".padEnd(34)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"max ms".padStart(9)}${"n".padStart(6)}`);
  row("chart data, 30 d hourly (HTTP)", r.chart, `p95 < ${GOALS.chartP95Ms}: ${ok(r.goalsMet.chartP95)}`);
  row("GROUP BY over raw rows (SQL)", r.groupBy);
  row("model page ?range=30d (HTML)", r.page, `p95 < ${GOALS.pageMs}: ${ok(r.goalsMet.page)}`);
  row(`split by version (${r.splits.byVersion.values}), hourly`, r.splits.byVersion, `p95 < ${SPLIT_GOALS.splitP95Ms}: ${ok(r.goalsMet.splitByVersionP95)}`);
  row(`split by ${SEGMENT_FEATURE} (${r.splits.byFeature.values}), hourly`, r.splits.byFeature, `p95 < ${SPLIT_GOALS.splitP95Ms}: ${ok(r.goalsMet.splitByFeatureP95)}`);
  row(`split by version, daily`, r.splits.byVersionDaily, `p95 < ${SPLIT_GOALS.splitP95Ms}: ${ok(r.goalsMet.splitByVersionDailyP95)}`);
  row(`split by ${SEGMENT_FEATURE}, daily`, r.splits.byFeatureDaily, `p95 < ${SPLIT_GOALS.splitP95Ms}: ${ok(r.goalsMet.splitByFeatureDailyP95)}`);
  row(`slices, 30 d (${r.splits.slices.tested} tested)`, r.splits.slices, `p95 < ${SPLIT_GOALS.slicesP95Ms}: ${ok(r.goalsMet.slicesP95)}`);
  if (r.extras) for (const [name, t] of Object.entries(r.extras)) row(name, t);
  console.log(`\n  GROUP BY median / chart p95 = ${r.speedup}× (goal ≥ ${GOALS.speedup}×: ${ok(r.goalsMet.speedup)})`);
  console.log(`  figures agree with the GROUP BY in ${r.agreement.hours - r.agreement.mismatches} of ${r.agreement.hours} hours`);
  const others = Object.entries(r.noise).map(([k, n]) => `${k} ${n.otherCpuSeconds ?? "–"} of ${round(n.wallSeconds * os.cpus().length, 1)}`);
  console.log(`  CPU-s taken by other processes on this machine during each phase (of CPU-s available): ${others.join(", ")}`);
  console.log(`  steps (s): ${Object.entries(r.steps).map(([k, v]) => `${k.replace(/Seconds$/, "")} ${v}`).join(", ")}\n`);
}
