import os from "node:os";
import { systemContext, type ServiceContext } from "@/lib/services/context";
import { createUser } from "@/lib/services/users";
import { ingestPredictions } from "@/lib/services/ingest";
import { setSamplingPolicy, claimNextItem, submitLabel } from "@/lib/services/labelling";
import { chunk, generateRows, MODEL_SLUG } from "./data";
import { flagReader } from "./flags";
import { runBench } from "./harness";
import { CpuMeter, percentile, round } from "./measure";
import { watchNoise } from "./metrics-noise";

/**
 * `npm run bench:labelling`: claims and labels by concurrent annotators over a large queue
 * (DESIGN.md, Performance: 8 annotators, no item claimed twice, p95 claim < 20 ms).
 *
 * Loads a queue of `--items` items through the ingest service (a policy that samples every
 * prediction), then runs `--annotators` annotators at once, each a real annotator user, each
 * claiming its next item with claimNextItem() and labelling it with submitLabel(): the service
 * functions the labelling page's server actions call, in-process. Not over HTTP, because the bar
 * is about the claim (FOR UPDATE SKIP LOCKED on the queue), and a Next.js server on the same two
 * cores would add the server-action round trip to both sides of it; bench:ingest measures what
 * HTTP costs. Duplicate claims are counted twice over: an item handed to two annotators in the
 * claim log, and in the database, items with more than one standing label or labelled by someone
 * other than the annotator the log says claimed it. Writes bench/results/labelling-<time>.json.
 */

const GOALS = { claimP95Ms: 20, duplicateClaims: 0 };
const LOAD_BATCH = 10_000;

type Config = { items: number; annotators: number; labelsPerAnnotator: number; warmup: number; seed: number };

const usage = `npm run bench:labelling -- [--items 100000] [--annotators 8] [--labels-per-annotator 1000] [--warmup 20] [--seed 1]
Environment: BENCH_ITEMS, BENCH_ANNOTATORS, BENCH_LABELS_PER_ANNOTATOR, BENCH_WARMUP, BENCH_SEED`;

const { fail, wholeNumber, parse } = flagReader(usage);

function readConfig(argv = process.argv.slice(2), env = process.env): Config {
  const values = parse(argv, {
      items: { type: "string" },
      annotators: { type: "string" },
      "labels-per-annotator": { type: "string" },
      warmup: { type: "string" },
      seed: { type: "string" },
  });
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => wholeNumber(name, raw, fallback, min);
  const config = {
    items: int("--items", values.items ?? env.BENCH_ITEMS, 100_000, 1),
    annotators: int("--annotators", values.annotators ?? env.BENCH_ANNOTATORS, 8, 1),
    labelsPerAnnotator: int("--labels-per-annotator", values["labels-per-annotator"] ?? env.BENCH_LABELS_PER_ANNOTATOR, 1000, 1),
    warmup: int("--warmup", values.warmup ?? env.BENCH_WARMUP, 20, 0),
    seed: int("--seed", values.seed ?? env.BENCH_SEED, 1, 0),
  };
  if (config.annotators * (config.labelsPerAnnotator + config.warmup) > config.items) fail(`annotators × (labels + warm-up) must fit in the queue of ${config.items} items`);
  return config;
}

type Claim = { annotator: number; itemId: string; claimMs: number; labelMs: number; timed: boolean };

/** One annotator's session: claim, label, claim, label…; `warmup` rounds first, untimed in the figures. */
async function annotate(ctx: ServiceContext, index: number, rounds: number, warmup: number, log: Claim[]): Promise<void> {
  for (let i = 0; i < warmup + rounds; i++) {
    const t0 = performance.now();
    const item = await claimNextItem(ctx, { model: MODEL_SLUG });
    const t1 = performance.now();
    if (!item) throw new Error(`annotator ${index} found the queue empty after ${i} items`);
    // Half the answers agree with the model (ham/spam alternate), as a real sample would not care.
    await submitLabel(ctx, { itemId: item.itemId, label: i % 2 ? "spam" : "ham" });
    const t2 = performance.now();
    log.push({ annotator: index, itemId: item.itemId, claimMs: t1 - t0, labelMs: t2 - t1, timed: i >= warmup });
  }
}

const timings = (samples: number[]) => ({ n: samples.length, p50Ms: round(percentile(samples, 50), 2), p95Ms: round(percentile(samples, 95), 2), p99Ms: round(percentile(samples, 99), 2), maxMs: round(Math.max(...samples), 2) });

runBench("bench:labelling", async ({ database, log, startedAt, writeResults }) => {
  const config = readConfig();
  log(`queue ${config.items.toLocaleString("en")} items, ${config.annotators} annotators × ${config.labelsPerAnnotator.toLocaleString("en")} labels (+ ${config.warmup} warm-up each)`);
  const bench = await database({ concurrency: 2, pgSettings: {} });
  const system = systemContext(bench.db, "bench");

  // 1. The queue: every prediction sampled, through the ingest service as the API would store it.
  await setSamplingPolicy(system, { slug: MODEL_SLUG, rate: 1, stratifyBy: "none", dailyCap: null, showPrediction: false, leaseMinutes: 10 });
  let started = performance.now();
  const rows = generateRows(config.items, { seed: config.seed, prefix: "lbl" });
  for (const batch of chunk(rows, LOAD_BATCH)) await ingestPredictions(system, { model: MODEL_SLUG, predictions: batch });
  const loadSeconds = round((performance.now() - started) / 1000, 1);
  const [queued] = await bench.admin<{ n: number }[]>`select count(*)::int as n from labelling_items where status = 'open'`;
  log(`Loaded ${queued!.n.toLocaleString("en")} open items in ${loadSeconds} s.`);
  await bench.admin`vacuum analyze labelling_items`;

  // 2. The annotators, at once.
  const annotators: ServiceContext[] = [];
  for (let i = 0; i < config.annotators; i++) {
    const { user } = await createUser(system, { email: `annotator-${i}@bench.local`, name: `Annotator ${i}`, role: "annotator", password: `bench-${Math.random().toString(36).slice(2)}-${i}` });
    annotators.push({ db: bench.db, actor: { type: "user", id: user.id, email: user.email, name: user.name, role: "annotator" } });
  }
  const claims: Claim[] = [];
  const cpu = new CpuMeter({ next: null, postgres: bench.postmasterPid });
  cpu.begin();
  const noise = watchNoise(() => [bench.postmasterPid]);
  started = performance.now();
  await Promise.all(annotators.map((ctx, i) => annotate(ctx, i, config.labelsPerAnnotator, config.warmup, claims)));
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuUse = cpu.end();
  const machine = noise();

  // 3. Duplicates: in the claim log, and in the database.
  const claimedBy = new Map<string, number>();
  let duplicateInLog = 0;
  for (const c of claims) {
    if (claimedBy.has(c.itemId)) duplicateInLog++;
    else claimedBy.set(c.itemId, c.annotator);
  }
  const userIndex = new Map(annotators.map((a, i) => [a.actor.type === "user" ? a.actor.id : "", i]));
  const stored = await bench.admin<{ item_id: string; user_id: string; standing: number }[]>`
    select item_id::text, user_id::text, (count(*) over (partition by item_id))::int as standing from labels where undone_at is null`;
  const labelledTwice = new Set(stored.filter((l) => l.standing > 1).map((l) => l.item_id)).size;
  const labelledByAnother = stored.filter((l) => claimedBy.get(l.item_id) !== userIndex.get(l.user_id)).length;
  const [left] = await bench.admin<{ open: number; labelled: number }[]>`
    select (count(*) filter (where status = 'open'))::int as open, (count(*) filter (where status = 'labelled'))::int as labelled from labelling_items`;
  const duplicateClaims = duplicateInLog + labelledTwice + labelledByAnother;

  const timed = claims.filter((c) => c.timed);
  const claim = timings(timed.map((c) => c.claimMs));
  const label = timings(timed.map((c) => c.labelMs));
  const goalsMet = { claimP95: claim.p95Ms < GOALS.claimP95Ms, noDuplicates: duplicateClaims === GOALS.duplicateClaims && stored.length === claims.length };
  const report = {
    startedAt: startedAt.toISOString(),
    machine: { cores: os.cpus().length, node: process.version },
    how: "in-process service calls (claimNextItem, submitLabel), one ServiceContext per annotator user, on the app's connection pool",
    parameters: config,
    load: { items: queued!.n, seconds: loadSeconds },
    run: {
      wallSeconds: round(wallSeconds, 2),
      claims: claims.length,
      claimsPerSecond: round(claims.length / wallSeconds, 0),
      labelsPerSecond: round(stored.length / wallSeconds, 0),
      cpu: cpuUse,
      // CPU-seconds other processes on this shared machine took during the run.
      otherCpuSeconds: machine.otherCpuSeconds,
    },
    claim,
    label,
    duplicates: { duplicateClaims, inClaimLog: duplicateInLog, itemsWithTwoStandingLabels: labelledTwice, labelsByAnotherThanTheClaimant: labelledByAnother },
    database: { labels: stored.length, openItems: left!.open, labelledItems: left!.labelled },
    goals: GOALS,
    goalsMet,
  };
  const file = writeResults("labelling", "labelling-latest.json", report);

  const ok = (met: boolean) => (met ? "met" : "NOT met");
  console.log(`\n  Labelling claims: ${config.annotators} annotators over a queue of ${queued!.n.toLocaleString("en")} items, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`  ${claims.length.toLocaleString("en")} claims and labels in ${round(wallSeconds, 1)} s: ${report.run.claimsPerSecond.toLocaleString("en")} claims/s (each followed by its label)`);
  console.log(`  claim  p50 ${claim.p50Ms} ms, p95 ${claim.p95Ms} ms, p99 ${claim.p99Ms} ms, max ${claim.maxMs} ms   (p95 < ${GOALS.claimP95Ms} ms: ${ok(goalsMet.claimP95)})`);
  console.log(`  label  p50 ${label.p50Ms} ms, p95 ${label.p95Ms} ms, p99 ${label.p99Ms} ms, max ${label.maxMs} ms`);
  console.log(`  duplicate claims: ${duplicateClaims} (claim log ${duplicateInLog}, items with two standing labels ${labelledTwice}, labels by another than the claimant ${labelledByAnother}): ${ok(goalsMet.noDuplicates)}`);
  console.log(`  database: ${stored.length.toLocaleString("en")} labels, ${left!.labelled.toLocaleString("en")} items labelled, ${left!.open.toLocaleString("en")} open`);
  console.log(`  CPU s: bench ${cpuUse.benchSeconds}, PostgreSQL ${cpuUse.postgresSeconds ?? "–"}, other processes ${machine.otherCpuSeconds ?? "–"} (of ${round(cpuUse.wallSeconds * os.cpus().length, 1)} available)\n`);
  log(`Wrote ${file} and bench/results/labelling-latest.json.`);
  return Object.values(goalsMet).every(Boolean) ? 0 : 1;
});
