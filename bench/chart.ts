import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { systemContext } from "@/lib/services/context";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { createUser } from "@/lib/services/users/create-user";
import { refreshRollups } from "@/lib/services/metrics/refresh-rollups";
import { startBenchDatabase, type BenchDatabase } from "./setup";
import { ensureBuild, startNext, type NextServer } from "./servers";
import { median, percentile, round } from "./measure";

/**
 * `npm run bench:chart`: DESIGN.md's dashboard bars at scale. Loads N predictions (default 10
 * million) over 30 days inside PostgreSQL, rolls them up, then measures in one run: the 30-day
 * hourly chart data over HTTP (p50/p95), the same figures by a plain GROUP BY over the raw rows,
 * and the model page's server render time for a signed-in person.
 */
const { values: flags } = parseArgs({
  options: { rows: { type: "string", default: process.env.BENCH_CHART_ROWS ?? "10000000" }, requests: { type: "string", default: "40" } },
  // `npm run bench -- …` hands its flags to this, the last command: the ingest ones are not ours.
  strict: false,
});
const ROWS = Number(flags.rows) || 10_000_000;
const REQUESTS = Number(flags.requests) || 40;
const log = (line: string) => console.log(`[bench:chart] ${line}`);
const root = process.cwd();
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
};

let bench: BenchDatabase | null = null;
let next: NextServer | null = null;
let cleanup: (() => Promise<void>) | null = null;

async function main() {
  const startedAt = new Date();
  await ensureBuild(root, log);
  bench = await startBenchDatabase({ concurrency: 2, pgSettings: {}, log, onStarted: (r) => (cleanup = r.stop) });
  const { admin, db, model } = bench;

  log(`Generating ${ROWS.toLocaleString("en")} predictions over 30 days inside PostgreSQL…`);
  const [, loadMs] = await timed(async () => {
    // Predictions spread evenly over the last 30 days; about 30% positive; 5% with ground truth.
    await admin.unsafe(`
      insert into predictions (model_id, external_id, predicted_at, features, score, label, actual_label, actual_at)
      select '${model.id}'::uuid, 'g' || i, now() - (i::float8 / ${ROWS}) * interval '30 days',
        jsonb_build_object('length', (200 + 800 * r1)::int, 'links', (r2 * 10)::int, 'caps_ratio', round(r3::numeric, 3),
          'sender_domain', (array['example.org','mail.com','corp.net','news.io'])[1 + (i % 4)], 'has_attachment', (i % 7 = 0)),
        s, case when s >= 0.5 then 'spam' else 'ham' end,
        case when i % 20 = 0 then case when random() < 0.9 then (case when s >= 0.5 then 'spam' else 'ham' end) else (case when s >= 0.5 then 'ham' else 'spam' end) end end,
        case when i % 20 = 0 then now() end
      from (select i, random() as r1, random() as r2, random() as r3, power(random(), 1.6) as s from generate_series(1, ${ROWS}) as i) g`);
    await admin.unsafe(`analyze predictions`);
    await admin.unsafe(`insert into rollup_dirty_buckets (model_id, bucket_start) select distinct model_id, date_trunc('hour', predicted_at, 'UTC') from predictions order by 2 on conflict do nothing`);
  });
  log(`Loaded in ${(loadMs / 1000).toFixed(1)} s; rolling up…`);
  const [buckets, rollupMs] = await timed(() => refreshRollups(db));
  log(`Rolled up ${buckets} hours in ${(rollupMs / 1000).toFixed(1)} s (${Math.round(ROWS / (rollupMs / 1000)).toLocaleString("en")} rows/s).`);

  const ctx = systemContext(db, "bench");
  const readKey = (await createApiKey(ctx, { name: "chart reader", permissions: ["read"], models: null })).secret;
  const password = "bench-password-123";
  await createUser(ctx, { email: "bench@vigil.local", name: "Bench", role: "viewer", password });
  next = await startNext({ root, databaseUrl: bench.url, logFile: path.join(os.tmpdir(), `vigil-bench-chart-next-${process.pid}.log`) });

  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const url = `${next.baseUrl}/api/v1/models/${model.slug}/metrics?from=${from.toISOString()}&to=${to.toISOString()}&bucket=hour`;
  const chart: number[] = [];
  for (let i = 0; i < REQUESTS + 3; i++) {
    const [response, ms] = await timed(() => fetch(url, { headers: { authorization: `Bearer ${readKey}` } }).then(async (r) => ({ status: r.status, body: await r.text() })));
    if (response.status !== 200) throw new Error(`metrics answered ${response.status}: ${response.body.slice(0, 300)}`);
    if (i >= 3) chart.push(ms); // the first requests warm the JIT and the caches
  }

  log("The same hourly figures by a plain GROUP BY over the raw rows…");
  const plain: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [, ms] = await timed(() =>
      admin`select date_trunc('hour', predicted_at, 'UTC') as bucket, count(*) as volume, count(*) filter (where label = 'spam') as positive,
              avg(greatest(score, 1 - score)) as estimated, count(actual_label) as truth, count(*) filter (where actual_label = label) as correct
            from predictions where model_id = ${model.id} and predicted_at >= ${from.toISOString()} and predicted_at < ${to.toISOString()}
            group by 1 order by 1`,
    );
    plain.push(ms);
  }

  const cookie = await signIn(next.baseUrl, "bench@vigil.local", password);
  const page: number[] = [];
  for (let i = 0; i < Math.min(REQUESTS, 30) + 2; i++) {
    const [status, ms] = await timed(() => fetch(`${next!.baseUrl}/models/${model.slug}?range=30d`, { headers: { cookie } }).then(async (r) => (await r.text(), r.status)));
    if (status !== 200) throw new Error(`the model page answered ${status}`);
    if (i >= 2) page.push(ms);
  }

  const result = {
    startedAt: startedAt.toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    rows: ROWS,
    loadSeconds: round(loadMs / 1000, 1),
    rollup: { hours: buckets, seconds: round(rollupMs / 1000, 1), rowsPerSecond: Math.round(ROWS / (rollupMs / 1000)) },
    chartData: { requests: chart.length, p50Ms: round(percentile(chart, 50), 1), p95Ms: round(percentile(chart, 95), 1), goalP95Ms: 50 },
    plainGroupBy: { runs: plain.length, medianMs: round(median(plain), 1) },
    speedup: round(median(plain) / percentile(chart, 95), 1),
    speedupGoal: 20,
    pageRender: { requests: page.length, p50Ms: round(percentile(page, 50), 1), p95Ms: round(percentile(page, 95), 1), goalMs: 300 },
  };
  fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const file = path.join("bench", "results", `chart-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  fs.writeFileSync(path.join("bench", "results", "chart-latest.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(`
  Dashboard at ${ROWS.toLocaleString("en")} predictions (30 days, hourly), 2 cores
  chart data (HTTP)   p50 ${result.chartData.p50Ms} ms   p95 ${result.chartData.p95Ms} ms   (goal p95 < 50: ${result.chartData.p95Ms < 50 ? "met" : "NOT met"})
  plain GROUP BY      median ${result.plainGroupBy.medianMs} ms   speed-up ${result.speedup}× (goal ≥ 20: ${result.speedup >= 20 ? "met" : "NOT met"})
  model page render   p50 ${result.pageRender.p50Ms} ms   p95 ${result.pageRender.p95Ms} ms   (goal < 300: ${result.pageRender.p95Ms < 300 ? "met" : "NOT met"})
  load ${result.loadSeconds} s · rollup of ${buckets} hours ${result.rollup.seconds} s (${result.rollup.rowsPerSecond.toLocaleString("en")} rows/s)
  wrote ${file}
`);
}

/** next-auth credentials sign-in over plain HTTP; returns the Cookie header to send. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (r: Response) => r.headers.getSetCookie().forEach((c) => { const [pair] = c.split(";"); const [k, ...v] = pair!.split("="); jar.set(k!, v.join("=")); });
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(response);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error("sign-in for the page benchmark failed");
  return cookie();
}

main()
  .catch((error) => {
    console.error(`[bench:chart] ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await next?.stop().catch(() => {});
    await (cleanup ?? bench?.stop)?.().catch(() => {});
  });
