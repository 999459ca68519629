import { parseArgs } from "node:util";
import { flagReader } from "./flags";

/** What one `npm run bench` measures; every figure can be set by a flag or an environment variable. */
export type BenchConfig = {
  rows: number;
  concurrency: number;
  batchSize: number;
  /** Each timed phase runs this many times, in turn; the median round is reported. */
  rounds: number;
  warmupBatches: number;
  /** Batches timed stage by stage, one at a time, for the breakdown of where a batch's time goes. */
  breakdownBatches: number;
  seed: number;
  /** Settings applied to the benchmark's own throw-away PostgreSQL (ALTER SYSTEM), for experiments. */
  pgSettings: Record<string, string>;
  /** Writes a V8 CPU profile of the Next.js server and prints its heaviest functions. */
  profile: boolean;
  /** Runs only these phases (http, service, copy, breakdown); all of them by default. */
  phases: Phase[];
  /** Features the model declares as segments (issue 15: ingest with 2 of them against none); none by default. */
  segmentFeatures: string[];
};

/** The bench rows' categorical features, the ones a run can declare as segments (split by value). */
export const SEGMENTABLE_FEATURES = ["sender_domain", "has_attachment"] as const;

export const PHASES = ["http", "service", "copy", "breakdown"] as const;
export type Phase = (typeof PHASES)[number];

const usage = `npm run bench -- [--rows 200000] [--concurrency 8] [--rounds 3] [--batch-size 1000] [--warmup-batches 5]
                    [--breakdown-batches 20] [--seed 1] [--pg-set name=value ...] [--profile]
                    [--phases http,service,copy,breakdown] [--segment-features sender_domain,has_attachment]
Environment: BENCH_ROWS, BENCH_CONCURRENCY, BENCH_ROUNDS, BENCH_BATCH_SIZE, BENCH_WARMUP_BATCHES,
             BENCH_BREAKDOWN_BATCHES, BENCH_SEED, BENCH_PG_SET (comma-separated), BENCH_PROFILE=1, BENCH_PHASES,
             BENCH_SEGMENT_FEATURES`;
const { fail, wholeNumber, pgSettings: parsePgSettings } = flagReader(usage);

export function readConfig(argv = process.argv.slice(2), environment = process.env): BenchConfig {
  let values;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        rows: { type: "string" },
        concurrency: { type: "string" },
        rounds: { type: "string" },
        "batch-size": { type: "string" },
        "warmup-batches": { type: "string" },
        "breakdown-batches": { type: "string" },
        seed: { type: "string" },
        "pg-set": { type: "string", multiple: true },
        profile: { type: "boolean" },
        phases: { type: "string" },
        "segment-features": { type: "string" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }

  const int = (name: string, flag: string | undefined, env: string | undefined, fallback: number, min: number) => wholeNumber(name, flag ?? env, fallback, min);

  const pgSettings = parsePgSettings(values["pg-set"] ?? (environment.BENCH_PG_SET ? environment.BENCH_PG_SET.split(",") : []));

  const phaseList = (values.phases ?? environment.BENCH_PHASES ?? PHASES.join(",")).split(",").map((p) => p.trim());
  const unknown = phaseList.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length) fail(`unknown phase ${unknown.join(", ")}; choose from ${PHASES.join(", ")}`);

  const segmentList = (values["segment-features"] ?? environment.BENCH_SEGMENT_FEATURES ?? "").split(",").map((f) => f.trim()).filter(Boolean);
  const notSegmentable = segmentList.filter((f) => !(SEGMENTABLE_FEATURES as readonly string[]).includes(f));
  if (notSegmentable.length) fail(`--segment-features: ${notSegmentable.join(", ")} cannot be declared; choose from ${SEGMENTABLE_FEATURES.join(", ")}`);

  const config: BenchConfig = {
    rows: int("--rows", values.rows, environment.BENCH_ROWS, 200_000, 1),
    concurrency: int("--concurrency", values.concurrency, environment.BENCH_CONCURRENCY, 8, 1),
    rounds: int("--rounds", values.rounds, environment.BENCH_ROUNDS, 3, 1),
    batchSize: int("--batch-size", values["batch-size"], environment.BENCH_BATCH_SIZE, 1_000, 1),
    warmupBatches: int("--warmup-batches", values["warmup-batches"], environment.BENCH_WARMUP_BATCHES, 5, 0),
    breakdownBatches: int("--breakdown-batches", values["breakdown-batches"], environment.BENCH_BREAKDOWN_BATCHES, 20, 1),
    seed: int("--seed", values.seed, environment.BENCH_SEED, 1, 0),
    pgSettings,
    profile: values.profile ?? ["1", "true", "yes"].includes(environment.BENCH_PROFILE ?? ""),
    phases: phaseList as Phase[],
    segmentFeatures: [...new Set(segmentList)],
  };
  // The API refuses batches above 10,000 rows (API.md); a bigger batch would only measure a 400.
  if (config.batchSize > 10_000) fail("--batch-size must be at most 10000, the API's limit");
  return config;
}
