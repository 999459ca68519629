import { parseArgs } from "node:util";
import { flagReader } from "./flags";

/** What one `npm run bench:metrics` measures; every figure can be set by a flag or an environment variable. */
export type MetricsBenchConfig = {
  /** Predictions loaded for the one binary model. */
  rows: number;
  /** Days of history they are spread over, ending a minute before the load. */
  days: number;
  /** COPY connections loading at once. */
  loadConnections: number;
  /** Timed requests of the chart data (GET /api/v1/models/{model}/metrics, 30 days hourly). */
  chartRequests: number;
  /** Timed renders of the model page (GET /models/{slug}?range=30d). */
  pageRequests: number;
  /** Timed runs of the plain GROUP BY over raw rows (the baseline the chart data is compared with). */
  groupByRuns: number;
  /** Timed renders of the overview page and chart requests with the latest hour dirty (extras). */
  extraRequests: number;
  seed: number;
  /** Writes a V8 CPU profile of the Next.js server and prints its heaviest functions. */
  profile: boolean;
  pgSettings: Record<string, string>;
};

const usage = `npm run bench:metrics -- [--rows 10000000] [--days 30] [--load-connections 2] [--chart-requests 100]
                    [--page-requests 30] [--group-by-runs 5] [--extra-requests 10] [--seed 1] [--pg-set name=value ...] [--profile]
Environment: BENCH_ROWS, BENCH_DAYS, BENCH_LOAD_CONNECTIONS, BENCH_CHART_REQUESTS, BENCH_PAGE_REQUESTS,
             BENCH_GROUP_BY_RUNS, BENCH_EXTRA_REQUESTS, BENCH_SEED, BENCH_PG_SET (comma-separated), BENCH_PROFILE=1`;
const { fail, wholeNumber, pgSettings: parsePgSettings } = flagReader(usage);

export function readMetricsConfig(argv = process.argv.slice(2), environment = process.env): MetricsBenchConfig {
  let values;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        rows: { type: "string" },
        days: { type: "string" },
        "load-connections": { type: "string" },
        "chart-requests": { type: "string" },
        "page-requests": { type: "string" },
        "group-by-runs": { type: "string" },
        "extra-requests": { type: "string" },
        seed: { type: "string" },
        "pg-set": { type: "string", multiple: true },
        profile: { type: "boolean" },
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

  const config: MetricsBenchConfig = {
    rows: int("--rows", values.rows, environment.BENCH_ROWS, 10_000_000, 1_000),
    days: int("--days", values.days, environment.BENCH_DAYS, 30, 8),
    loadConnections: int("--load-connections", values["load-connections"], environment.BENCH_LOAD_CONNECTIONS, 2, 1),
    chartRequests: int("--chart-requests", values["chart-requests"], environment.BENCH_CHART_REQUESTS, 100, 5),
    pageRequests: int("--page-requests", values["page-requests"], environment.BENCH_PAGE_REQUESTS, 30, 5),
    groupByRuns: int("--group-by-runs", values["group-by-runs"], environment.BENCH_GROUP_BY_RUNS, 5, 1),
    extraRequests: int("--extra-requests", values["extra-requests"], environment.BENCH_EXTRA_REQUESTS, 10, 0),
    seed: int("--seed", values.seed, environment.BENCH_SEED, 1, 0),
    profile: values.profile ?? ["1", "true", "yes"].includes(environment.BENCH_PROFILE ?? ""),
    pgSettings,
  };
  // The hourly chart covers at most 45 days (lib/metrics/schemas.ts); 30 is what DESIGN.md names.
  if (config.days > 45) fail("--days must be at most 45, the longest hourly range the API serves");
  return config;
}
