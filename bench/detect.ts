import { eq } from "drizzle-orm";
import { models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { createModel } from "@/lib/services/models";
import { ingestPredictions } from "@/lib/services/ingest";
import { createMonitor, evaluateMonitorAt, getMonitor } from "@/lib/services/monitors";
import { refreshRollups } from "@/lib/services/metrics";
import { BASELINE, DROP, generateStream, poissonRate, summarize, type Stream, type StreamHour, type StreamKind } from "./detect-streams";
import { flagReader } from "./flags";
import { runBench, type Bench } from "./harness";
import { round } from "./measure";
import type { BenchDatabase } from "./setup";

// bench:detect (issue #20): streams of hourly ground-truth accuracy replayed through the real
// monitor evaluation in simulated time: rollup rows are written for each stream, and every
// monitor is evaluated once per simulated hour with that hour as its "now". The rollups change
// only hourly, so an hourly tick reads what sixty minute ticks would.

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const REFERENCE_DAYS = 7;
const FIRST_HOUR = new Date(Date.UTC(2026, 0, 1));
/** The window monitor "with default settings": the form's 24h window, minimum n 100, one evaluation, a line 2 points under the baseline. */
const WINDOW_LINE = BASELINE - 0.02;
/** The rate check: a sequential monitor stated at one false alarm every 2 days gives enough alarms in a month to measure. */
const RATE_CHECK_DAYS = 2;

const usage = "npm run bench:detect -- [--reps N] [--days N] [--censor-hours N]";
const flags = flagReader(usage);
const values = flags.parse(process.argv.slice(2), { reps: { type: "string" }, days: { type: "string" }, "censor-hours": { type: "string" } });
const REPS = flags.wholeNumber("--reps", values.reps ?? process.env.BENCH_DETECT_REPS, 3, 1, 50);
const DAYS = flags.wholeNumber("--days", values.days ?? process.env.BENCH_DETECT_DAYS, 30, 2, 60);
const CENSOR = flags.wholeNumber("--censor-hours", values["censor-hours"], 72, 6, 720);

type Kind = "window" | "sequential" | "rateCheck";
type Run = { stream: Stream; fired: Record<Kind, { at: number; predictions: number }[]>; okHours: Record<Kind, number>; stated: Record<string, number | null>; onsetHour: number | null };

/** One hour's rollup row, the scalar columns a ground-truth accuracy reads; the sketches copied from a real rollup. */
async function writeRollups(database: BenchDatabase, modelId: string, hours: StreamHour[], template: { distributions: unknown; version: number; segmentsKey: string }) {
  const rows = hours.map((h) => ({
    model_id: modelId, bucket_start: h.start, volume: h.volume, positive_count: 0, score_sum: 0, score_count: 0, confidence_sum: 0,
    truth_count: h.volume, truth_correct: h.correct, residual_abs_sum: 0, residual_sq_sum: 0, residual_sum: 0,
    distributions: template.distributions, distributions_version: template.version, segments_key: template.segmentsKey,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await database.admin`insert into metric_rollups ${database.admin(part as never)}`;
  }
}

async function replay(bench: Bench, database: BenchDatabase, stream: Stream, template: Parameters<typeof writeRollups>[3]): Promise<Run> {
  const ctx = systemContext(database.db, "bench");
  const slug = `detect-${stream.kind}-${stream.perHour}-${stream.seed}`;
  const model = await createModel(ctx, { slug, name: slug, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" });
  const start = new Date(FIRST_HOUR.getTime() + REFERENCE_DAYS * DAY_MS);
  await database.db.update(models).set({ referenceFrom: FIRST_HOUR, referenceTo: start }).where(eq(models.id, model.id));
  const decaying = stream.kind !== "stationary";
  // The onset: two days in, at an hour of the day the seed picks.
  const onsetHour = decaying ? 48 + (stream.seed % 24) : null;
  const simHours = decaying ? onsetHour! + CENSOR : DAYS * 24;
  const hours = generateStream(stream, FIRST_HOUR, REFERENCE_DAYS * 24 + simHours, onsetHour === null ? Infinity : REFERENCE_DAYS * 24 + onsetHour);
  await writeRollups(database, model.id, hours, template);

  const base = { model: slug, metric: "groundTruthAccuracy", window: "24h", comparison: "below" } as const;
  const ids: Record<Kind, string> = {
    window: (await createMonitor(ctx, { ...base, name: "window", threshold: WINDOW_LINE })).id,
    sequential: (await createMonitor(ctx, { ...base, name: "sequential", kind: "sequential", threshold: DROP, falseAlarmDays: 30 })).id,
    rateCheck: decaying ? "" : (await createMonitor(ctx, { ...base, name: "rate check", kind: "sequential", threshold: DROP, falseAlarmDays: RATE_CHECK_DAYS })).id,
  };
  const kinds = (Object.keys(ids) as Kind[]).filter((k) => ids[k]);
  const fired: Run["fired"] = { window: [], sequential: [], rateCheck: [] };
  const okHours: Run["okHours"] = { window: 0, sequential: 0, rateCheck: 0 };
  const afterOnset = (h: number) => (onsetHour === null ? 0 : hours.slice(REFERENCE_DAYS * 24 + onsetHour, REFERENCE_DAYS * 24 + h).reduce((s, x) => s + x.volume, 0));
  for (let h = 1; h <= simHours; h++) {
    const now = new Date(start.getTime() + h * HOUR_MS + 60_000);
    for (const kind of kinds) {
      const result = await evaluateMonitorAt(database.db, ids[kind], now, now);
      if (result.state !== "firing") okHours[kind]++;
      if (result.transition === "fired") fired[kind].push({ at: h, predictions: afterOnset(h) });
    }
    if (decaying && h > onsetHour! && kinds.every((k) => fired[k].some((f) => f.at > onsetHour!))) break;
  }
  const stated: Run["stated"] = {};
  for (const kind of kinds.filter((k) => k !== "window")) {
    const view = await getMonitor(ctx, ids[kind]);
    stated[`${kind}FalseAlarmDays`] = view.sequential ? round(view.sequential.falseAlarmDays, 2) : null;
    stated[`${kind}DelayHours`] = view.sequential ? round(view.sequential.delayHours, 2) : null;
  }
  bench.log(`${slug}: ${kinds.map((k) => `${k} fired ${fired[k].length}× (${fired[k].map((f) => f.at).join(", ")})`).join("; ")}${onsetHour !== null ? `; onset at hour ${onsetHour}` : ""}`);
  return { stream, fired, okHours, stated, onsetHour };
}

runBench("detect", async (bench) => {
  const database = await bench.database({ concurrency: 2, pgSettings: {} });
  // A real rollup's sketches, so the written rows have the shape the reads expect.
  const ctx = systemContext(database.db, "bench");
  await createModel(ctx, { slug: "detect-template", name: "template", task: "binary", classes: ["ham", "spam"], positiveClass: "spam" });
  await ingestPredictions(ctx, { model: "detect-template", predictions: [{ id: "t1", timestamp: FIRST_HOUR.toISOString(), score: 0.9, label: "spam", features: {} }] });
  await refreshRollups(database.db);
  const [row] = await database.admin<{ distributions: unknown; distributions_version: number; segments_key: string }[]>`select distributions, distributions_version, segments_key from metric_rollups limit 1`;
  const template = { distributions: row!.distributions, version: row!.distributions_version, segmentsKey: row!.segments_key };

  const plan: { kind: StreamKind; perHour: number }[] = [
    { kind: "stationary", perHour: 100 }, { kind: "stationary", perHour: 1000 }, { kind: "stationary", perHour: 10000 },
    { kind: "abrupt", perHour: 1000 }, { kind: "slow", perHour: 1000 }, { kind: "segment", perHour: 1000 }, { kind: "abrupt", perHour: 100 },
  ];
  const started = performance.now();
  const runs: Run[] = [];
  for (const p of plan) for (let rep = 0; rep < REPS; rep++) runs.push(await replay(bench, database, { ...p, seed: 1000 + rep * 7 + p.perHour }, template));

  const streams = plan.map((p) => {
    const mine = runs.filter((r) => r.stream.kind === p.kind && r.stream.perHour === p.perHour);
    const kinds: Kind[] = p.kind === "stationary" ? ["window", "sequential", "rateCheck"] : ["window", "sequential"];
    const monitors = Object.fromEntries(
      kinds.map((kind) => {
        if (p.kind === "stationary") {
          const count = mine.reduce((s, r) => s + r.fired[kind].length, 0);
          const okDays = mine.reduce((s, r) => s + r.okHours[kind], 0) / 24;
          const perMonth = poissonRate(count, okDays / 30);
          const statedDays = summarize(mine.map((r) => r.stated[`${kind}FalseAlarmDays`]).filter((v): v is number => v !== null)).mean;
          return [kind, { falseAlarms: count, daysWatched: round(okDays, 1), falseAlarmsPer30Days: { rate: round(perMonth.rate, 3), low: round(perMonth.low, 3), high: round(perMonth.high, 3) }, statedFalseAlarmsPer30Days: statedDays ? round(30 / statedDays, 3) : null }];
        }
        const first = mine.map((r) => r.fired[kind].find((f) => f.at > r.onsetHour!));
        const delays = mine.flatMap((r, i) => (first[i] ? [first[i]!.at - r.onsetHour!] : []));
        const predictions = first.flatMap((f) => (f ? [f.predictions] : []));
        const s = summarize(delays);
        const n = summarize(predictions);
        return [kind, { detected: delays.length, of: mine.length, delayHours: { mean: s.mean && round(s.mean, 1), low: s.low && round(s.low, 1), high: s.high && round(s.high, 1) }, delayPredictions: { mean: n.mean && Math.round(n.mean), low: n.low && Math.round(n.low), high: n.high && Math.round(n.high) }, ...(kind === "sequential" ? { statedDelayHours: summarize(mine.map((r) => r.stated.sequentialDelayHours).filter((v): v is number => v != null)).mean } : {}) }];
      }),
    );
    return { stream: p.kind, perHour: p.perHour, repetitions: mine.length, monitors };
  });

  const find = (kind: StreamKind, perHour: number) => streams.find((s) => s.stream === kind && s.perHour === perHour)!.monitors as Record<Kind, Record<string, unknown>>;
  const stationary = find("stationary", 1000);
  const abrupt = find("abrupt", 1000);
  const delayOf = (m: Record<string, unknown>) => (m.delayHours as { mean: number | null }).mean;
  const rateOf = (m: Record<string, unknown>) => (m.falseAlarmsPer30Days as { rate: number }).rate;
  const rc = stationary.rateCheck as Record<string, unknown>;
  const measuredRate = rateOf(rc);
  const statedRate = rc.statedFalseAlarmsPer30Days as number | null;
  const bars = {
    sameFalseAlarmRate: { text: "both at most one false alarm a month at 1,000 an hour", window: rateOf(stationary.window), sequential: rateOf(stationary.sequential), pass: rateOf(stationary.window) <= 1 && rateOf(stationary.sequential) <= 1 },
    accuracyDrop5Points: { text: "sequential delay at most half the window's for a 5-point drop at 1,000 an hour", window: delayOf(abrupt.window), sequential: delayOf(abrupt.sequential), pass: delayOf(abrupt.sequential) !== null && delayOf(abrupt.window) !== null && delayOf(abrupt.sequential)! * 2 <= delayOf(abrupt.window)! },
    psi02Drift: { text: "PSI-0.2 drift: not measured (the drift CUSUM is in lib/stats only, not yet a monitor kind)", pass: null },
    statedRateWithin1_5: { text: `measured false alarms of the sequential monitor stated at one every ${RATE_CHECK_DAYS} days, within a factor of 1.5 of the stated rate`, stated: statedRate, measured: measuredRate, pass: statedRate !== null && measuredRate <= statedRate * 1.5 && measuredRate >= statedRate / 1.5 },
  };
  const report = { bench: "detect", startedAt: bench.startedAt.toISOString(), seconds: bench.seconds(started), machine: bench.machine(), settings: { reps: REPS, stationaryDays: DAYS, censorHours: CENSOR, baseline: BASELINE, drop: DROP, windowMonitor: { window: "24h", threshold: WINDOW_LINE, minN: 100, forEvaluations: 1 }, sequentialMonitor: { falseAlarmDays: 30, change: DROP } }, streams, bars };
  const file = bench.writeResults("detect", "detect-latest.json", report);
  console.log(JSON.stringify({ streams, bars }, null, 2));
  bench.log(`Wrote ${file}`);
  for (const [name, bar] of Object.entries(bars)) bench.log(`${bar.pass === null ? "—" : bar.pass ? "PASS" : "FAIL"} ${name}: ${bar.text}`);
  return Object.values(bars).every((b) => b.pass !== false) ? 0 : 1;
});
