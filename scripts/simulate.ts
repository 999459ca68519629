import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { GroundTruthResponse, MAX_BATCH_ROWS, PredictionsResponse, type ActualRow } from "@/lib/ingest/schemas";
import { formatDuration, parseDuration } from "@/lib/simulation/duration";
import { ApiRefusal, RequestAbandoned, VigilApiClient, sleep } from "@/lib/simulation/http-client";
import { DelayQueue, Pacer, SimulationStats, decayAt, type DecaySchedule } from "@/lib/simulation/live";
import { Random, mixSeed } from "@/lib/simulation/random";
import { ApiModelList, servedTrafficFor, trafficForModel, type ApiModel, type ModelTraffic, type ServedTraffic } from "@/lib/simulation/traffic";
import { z } from "zod";
import { MAX_PREDICT_INPUTS } from "@/lib/registry/schemas";
import { readFlags } from "./lib/args";

/**
 * `npm run simulate`: live traffic for one model through the public HTTP API only, as a model
 * server would send it, with ground truth for a share of it later and, on request, a model that
 * decays mid-run. Nothing here touches the database.
 */
const usage = `npm run simulate -- --model <slug> [--rate 50] [--decay-after 60s] [--decay-ramp 60s] [--duration 5m]
       [--truth-share 0.3] [--truth-delay 10s] [--url http://localhost:3000] [--key <api key>] [--seed <n>] [--synthetic]

  spam-filter and mail-triage get real SpamAssassin e-mail sent to their predict endpoints (Vigil's
  built-in models answer); other models, or --synthetic, get made-up predictions sent to
  /api/v1/predictions: spam-filter style for binary models, a shifting class mix for multiclass,
  delivery-time style for regression.`;
const flags = readFlags(
  {
    model: { type: "string" },
    rate: { type: "string" },
    "decay-after": { type: "string" },
    "decay-ramp": { type: "string" },
    duration: { type: "string" },
    "truth-share": { type: "string" },
    "truth-delay": { type: "string" },
    url: { type: "string" },
    key: { type: "string" },
    seed: { type: "string" },
    synthetic: { type: "boolean" },
    help: { type: "boolean" },
  },
  usage,
);

const TICK_MS = 250;
const STATUS_EVERY_MS = 5_000;

function fail(message: string, code = 2): never {
  console.error(code === 2 ? `${message}\n\nUsage: ${usage}` : message);
  process.exit(code);
}

function numberFlag(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max) fail(`--${name} must be a number from ${min} to ${max}, not "${text}".`);
  return value;
}

function durationFlag(name: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    return parseDuration(text);
  } catch (error) {
    fail(`--${name}: ${(error as Error).message}.`);
  }
}

if (flags.help) {
  console.log(`Usage: ${usage}`);
  process.exit(0);
}
if (!flags.model) fail("--model is required (the model's slug, such as spam-filter or delivery-time).");
const slug = flags.model;
const rate = numberFlag("rate", flags.rate, 50, 0.1, 100_000);
const schedule: DecaySchedule = { afterMs: durationFlag("decay-after", flags["decay-after"]), rampMs: durationFlag("decay-ramp", flags["decay-ramp"]) ?? 60_000 };
const runFor = durationFlag("duration", flags.duration);
const truthShare = numberFlag("truth-share", flags["truth-share"], 0.3, 0, 1);
const truthDelay = durationFlag("truth-delay", flags["truth-delay"]) ?? 10_000;
const seed = numberFlag("seed", flags.seed, crypto.randomInt(2 ** 31), 0, 2 ** 32 - 1);

let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  fail((error as Error).message, 1);
}
const baseUrl = flags.url ?? `http://localhost:${config.PORT}`;
if (!URL.canParse(baseUrl)) fail(`--url must be a URL such as http://localhost:3000, not "${baseUrl}".`);
const keyFile = path.resolve(config.VIGIL_DATA_DIR, "demo-api-key");
const apiKey = flags.key ?? readApiKey();

function readApiKey(): string {
  const fromEnv = config.VIGIL_API_KEY?.trim();
  if (fromEnv) return fromEnv;
  try {
    return fs.readFileSync(keyFile, "utf8").trim();
  } catch {
    fail(`No API key: pass --key, set VIGIL_API_KEY, or start Vigil once in demo mode to create ${keyFile}.`, 1);
  }
}

const stopController = new AbortController();
const stats = new SimulationStats();
const client = new VigilApiClient({
  baseUrl,
  apiKey,
  signal: stopController.signal,
  onRetry: (attempt, reason, waitMs) => {
    stats.retries++;
    log(`retrying in ${formatDuration(waitMs)} (attempt ${attempt + 1}): ${reason}`);
  },
});
const runId = crypto.randomBytes(3).toString("hex");
let stopping = false;
/** What the run was doing, for the message when the server refuses it. */
let action = "list the models";

function log(line: string) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** What a refusal means for this run, in words that say what to do. */
function explainRefusal(error: ApiRefusal): string {
  if (error.status === 401) return `The key was refused (${error.message}). Pass --key, set VIGIL_API_KEY, or check ${keyFile}.`;
  if (error.status === 403) return `The key may not ${action}: ${error.message}`;
  if (error.status === 404) return error.code === "not_found" ? `No model ${slug}: ${error.message}` : `${baseUrl} has no Vigil API here (404 for ${action}); check --url.`;
  return `The server refused to ${action} (${error.status} ${error.code}): ${error.message}`;
}

async function findModel(): Promise<ApiModel> {
  const list = ApiModelList.parse(await client.get("/api/v1/models"));
  const model = list.models.find((m) => m.slug === slug);
  if (!model) {
    const seen = list.models.map((m) => m.slug).join(", ") || "none";
    fail(`No model ${slug} (this key sees: ${seen}). Create it in Vigil or with POST /api/v1/models first.`, 1);
  }
  return model;
}

async function sendPredictions(traffic: ModelTraffic, first: number, count: number, decay: number, now: number, truths: DelayQueue<ActualRow>, truthRandom: Random) {
  // Spread the batch's timestamps over the moments each row was due, as a server would stamp them.
  const batch = Array.from({ length: count }, (_, k) =>
    traffic.generate({ index: first + k, id: `sim-${runId}-${first + k}`, decay, timestamp: new Date(now - Math.round(((count - 1 - k) * 1_000) / rate)) }),
  );
  action = `send predictions for ${slug}`;
  const answer = PredictionsResponse.parse(await client.post("/api/v1/predictions", { model: slug, predictions: batch.map((p) => p.row) }));
  stats.sent += count;
  stats.accepted += answer.accepted;
  stats.duplicates += answer.duplicates;
  const truthDue = Date.now() + truthDelay;
  for (const prediction of batch) {
    stats.observe(prediction.row, traffic.positiveClass);
    if (truthRandom.chance(truthShare)) truths.add({ id: prediction.row.id, ...prediction.truth }, truthDue);
  }
}

// Binary models answer with a score, multiclass ones with probabilities.
const PredictResponse = z.object({ version: z.string(), predictions: z.array(z.object({ id: z.string(), score: z.number().optional(), label: z.string() })) });

async function sendServed(traffic: ServedTraffic, first: number, count: number, decay: number, now: number, truths: DelayQueue<ActualRow>, truthRandom: Random) {
  const batch = Array.from({ length: count }, (_, k) =>
    traffic.next({ index: first + k, id: `sim-${runId}-${first + k}`, decay, timestamp: new Date(now - Math.round(((count - 1 - k) * 1_000) / rate)) }),
  );
  action = `ask ${slug}'s built-in model for predictions`;
  const answer = PredictResponse.parse(await client.post(`/api/v1/models/${encodeURIComponent(slug)}/predict`, { inputs: batch.map((b) => b.input) }));
  stats.sent += count;
  stats.accepted += answer.predictions.length;
  servedVersion = answer.version;
  const truthDue = Date.now() + truthDelay;
  answer.predictions.forEach((prediction, k) => {
    stats.observe(prediction, traffic.positiveClass);
    if (truthRandom.chance(truthShare)) truths.add({ id: prediction.id, ...batch[k]!.truth }, truthDue);
  });
}
let servedVersion: string | null = null;

async function sendTruth(actuals: ActualRow[]) {
  action = `send ground truth for ${slug}`;
  const answer = GroundTruthResponse.parse(await client.post("/api/v1/ground-truth", { model: slug, actuals }));
  stats.truthSent += actuals.length;
  stats.truthMatched += answer.matched;
  if (answer.unknown.length) log(`${answer.unknown.length} actuals found no prediction (first: ${answer.unknown[0]}).`);
}

function printStatus(traffic: ModelTraffic | ServedTraffic, decay: number) {
  const window = stats.takeWindow();
  const figure =
    traffic.positiveClass !== null
      ? `predicted ${traffic.positiveClass} ${window.positiveShare === null ? "–" : `${(100 * window.positiveShare).toFixed(1)}%`}`
      : `mean prediction ${window.mean === null ? "–" : window.mean.toFixed(1)}`;
  const n = (value: number) => value.toLocaleString("en");
  log(
    `sent ${n(stats.sent)} · accepted ${n(stats.accepted)} · duplicates ${n(stats.duplicates)} · truth ${n(stats.truthMatched)}/${n(stats.truthSent)} matched · ` +
      `decay ${decay.toFixed(2)} · ${figure} (last ${n(window.count)})${servedVersion ? ` · served by ${servedVersion}` : ""}${stats.retries ? ` · retries ${stats.retries}` : ""}`,
  );
}

async function main(): Promise<number> {
  const model = await findModel();
  const traffic = (flags.synthetic ? null : servedTrafficFor(model.slug, seed)) ?? trafficForModel(model, seed);
  if ("refused" in traffic) fail(traffic.refused, 1);
  const decayNote = schedule.afterMs === null ? "no decay" : `decay after ${formatDuration(schedule.afterMs)} over ${formatDuration(schedule.rampMs)}`;
  log(`${model.slug} (${model.task}, ${traffic.kind} traffic) at ${rate}/s to ${baseUrl}, ${decayNote}, truth for ${Math.round(truthShare * 100)}% after ${formatDuration(truthDelay)}; ids sim-${runId}-…, seed ${seed}. Ctrl-C stops.`);

  const startedAt = Date.now();
  // The predict endpoint takes up to 1,000 inputs a call.
  const pacer = new Pacer(rate, startedAt, traffic.kind === "corpus" ? MAX_PREDICT_INPUTS : MAX_BATCH_ROWS);
  const truths = new DelayQueue<ActualRow>();
  const truthRandom = new Random(mixSeed(seed, "truth"));
  let next = 0;
  let decay = 0;
  let lastStatusAt = startedAt;
  while (!stopping) {
    const now = Date.now();
    if (runFor !== null && now - startedAt >= runFor) break;
    decay = decayAt(now - startedAt, schedule);
    const count = pacer.due(now);
    const dueTruths = truths.takeDue(now, MAX_BATCH_ROWS);
    try {
      if (count > 0) {
        if (traffic.kind === "corpus") await sendServed(traffic, next, count, decay, now, truths, truthRandom);
        else await sendPredictions(traffic, next, count, decay, now, truths, truthRandom);
      }
      if (dueTruths.length) await sendTruth(dueTruths);
    } catch (error) {
      if (!(error instanceof RequestAbandoned)) throw error;
      log(`${error.message}; it may or may not have been stored.`);
      break;
    }
    next += count;
    if (Date.now() - lastStatusAt >= STATUS_EVERY_MS) {
      printStatus(traffic, decay);
      lastStatusAt = Date.now();
    }
    await sleep(TICK_MS - (Date.now() - now), stopController.signal);
  }
  printStatus(traffic, decay);
  if (truths.size) log(`${truths.size.toLocaleString("en")} actuals were still waiting for their delay and were not sent.`);
  return 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    stopController.abort();
    log("Stopping after the request in flight (Ctrl-C again to quit at once)…");
  });
}

main()
  .catch((error: unknown) => {
    if (error instanceof ApiRefusal) console.error(explainRefusal(error));
    else console.error(error instanceof Error ? error.message : String(error));
    return error instanceof RequestAbandoned ? 130 : 1;
  })
  .then((code) => process.exit(code));
