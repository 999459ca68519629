import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { and, eq, isNotNull, like, sql } from "drizzle-orm";
import { metricRollups, modelVersions, predictions } from "@/lib/db/schema";
import { createDatabase, type Database } from "@/lib/db/connect";
import { Random } from "@/lib/simulation/random";
import { refreshRollups } from "@/lib/services/metrics";
import { groundTruthRoute, predictionsRoute } from "@/lib/api/routes/predictions";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";

// Issue #14: concurrent batches over overlapping ids, sent in different orders (a client that
// retries, several model servers sending the same traffic), never deadlock: every batch answers
// 200 and every id is stored, or matched, once. Before the fix, six concurrent ground-truth
// batches gave five 500s (40P01, deadlock detected).

const CLIENTS = 8;
const IDS = 1_500;
const ROUNDS = 5;
/** Ground truth deadlocked in about one round in five before the fix: enough rounds to see it. */
const TRUTH_ROUNDS = 12;
const HOUR_MS = 3_600_000;
const BASE = Date.parse("2026-11-20T00:00:00Z");
/** Rounds of 8 × ~1,000 rows take seconds each on a loaded two-core machine. */
const TIMEOUT_MS = 240_000;

let t: TestDatabase;
/** A pool as large as the clients, so all eight batches really run at once. */
let db: Database;
let key: string;
let modelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  db = createDatabase(t.url, { max: CLIENTS + 2 });
  modelId = (await createBinaryModel(t.db, "spam-filter")).id;
  key = await createKey(t.db, ["ingest"]);
});
afterAll(async () => {
  await db.$client.end();
  await t.drop();
});

// The server retries a deadlocked statement (retryOnConflict) and says so in its log. Here no
// statement may need it: rows and hours are taken in one order, so none deadlocks at all.
let warnings: MockInstance<typeof console.warn>;
beforeEach(() => {
  warnings = vi.spyOn(console, "warn");
});
afterEach(() => {
  const retries = warnings.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("PostgreSQL aborted"));
  warnings.mockRestore();
  expect(retries).toEqual([]);
});

function shuffled<T>(items: T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Each client's share of the ids: every id in at least two batches, the batches overlapping
 * in large runs, each in its own random order. Two clients send the whole set (a retry).
 */
function overlappingBatches(ids: string[], random: Random): string[][] {
  return Array.from({ length: CLIENTS }, (_, client) => {
    const mine = client < 2 ? ids : ids.filter(() => random.chance(0.6));
    return shuffled(mine, random);
  });
}

/** The content of a prediction is fixed by its id, so batches sending it agree on it. */
function prediction(id: string, n: number, withActual: boolean) {
  return {
    id,
    version: `v${n % 5}`,
    // Over six hours, so batches share several dirty hours.
    timestamp: new Date(BASE + (n % 6) * HOUR_MS + n * 1000).toISOString(),
    features: { length: n, domain: `d${n % 7}.org` },
    score: (n % 100) / 100,
    label: n % 3 === 0 ? "spam" : "ham",
    ...(withActual ? { actual: { label: n % 2 === 0 ? "spam" : "ham", timestamp: "2026-11-26T10:00:00Z" } } : {}),
  };
}

const ingest = () => predictionsRoute({ db: () => db });
const truth = () => groundTruthRoute({ db: () => db });

async function storedIn(prefix: string) {
  const rows = await t.db
    .select({ id: predictions.externalId, actual: predictions.actualLabel, version: modelVersions.name })
    .from(predictions)
    .leftJoin(modelVersions, eq(modelVersions.id, predictions.versionId))
    .where(and(eq(predictions.modelId, modelId), like(predictions.externalId, `${prefix}%`)));
  return rows;
}

describe("concurrent overlapping batches", () => {
  it(`${CLIENTS} prediction batches with actual, overlapping in different orders: all 200, every id stored once`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const random = new Random(1_000 + round);
      const prefix = `p${round}-`;
      const ids = Array.from({ length: IDS }, (_, i) => `${prefix}${i}`);
      const number = new Map(ids.map((id, i) => [id, i]));
      // New version names in every round, so the batches also race to create the same versions.
      const batches = overlappingBatches(ids, random).map((batch) =>
        batch.map((id) => ({ ...prediction(id, number.get(id)!, true), version: `r${round}-v${number.get(id)! % 5}` })),
      );

      const answers = await Promise.all(batches.map((rows) => call(ingest(), { key, body: { model: "spam-filter", predictions: rows } })));
      expect(answers.map((a) => a.status), `round ${round}: ${JSON.stringify(answers.find((a) => a.status !== 200)?.json)}`).toEqual(batches.map(() => 200));
      const accepted = answers.reduce((sum, a) => sum + (a.json!.accepted as number), 0);
      const duplicates = answers.reduce((sum, a) => sum + (a.json!.duplicates as number), 0);
      expect(accepted).toBe(IDS);
      expect(duplicates).toBe(batches.reduce((sum, b) => sum + b.length, 0) - IDS);

      const stored = await storedIn(prefix);
      expect(stored.length).toBe(IDS);
      expect(new Set(stored.map((s) => s.id)).size).toBe(IDS);
      expect(stored.every((s) => s.actual !== null)).toBe(true);
      // Batches racing to create the same new version all point their rows at it.
      expect(stored.filter((s) => s.version !== `r${round}-v${number.get(s.id)! % 5}`)).toEqual([]);
    }
  }, TIMEOUT_MS);

  it(`${CLIENTS} ground-truth batches, overlapping in different orders: all 200, every id matched once`, async () => {
    for (let round = 0; round < TRUTH_ROUNDS; round++) {
      const random = new Random(2_000 + round);
      const prefix = `g${round}-`;
      const ids = Array.from({ length: IDS }, (_, i) => `${prefix}${i}`);
      const stored = await call(ingest(), { key, body: { model: "spam-filter", predictions: ids.map((id, i) => prediction(id, i, false)) } });
      expect(stored).toMatchObject({ status: 200, json: { accepted: IDS } });

      const batches = overlappingBatches(ids, random);
      const answers = await Promise.all(
        batches.map((batch) => call(truth(), { key, body: { model: "spam-filter", actuals: batch.map((id) => ({ id, label: Number(id.slice(prefix.length)) % 2 === 0 ? "spam" : "ham" })) } })),
      );
      expect(answers.map((a) => a.status), `round ${round}: ${JSON.stringify(answers.find((a) => a.status !== 200)?.json)}`).toEqual(batches.map(() => 200));
      answers.forEach((a, i) => expect(a.json).toEqual({ matched: batches[i]!.length, unknown: [] }));

      const rows = await storedIn(prefix);
      expect(rows.length).toBe(IDS);
      expect(rows.filter((r) => r.actual === (Number(r.id.slice(prefix.length)) % 2 === 0 ? "spam" : "ham")).length).toBe(IDS);
    }
  }, TIMEOUT_MS);

  it("ground truth arriving while the rollups are being refreshed: all 200, and the rollups count every actual once", async () => {
    await refreshRollups(t.db);
    const prefix = "live-";
    const ids = Array.from({ length: IDS }, (_, i) => `${prefix}${i}`);
    expect((await call(ingest(), { key, body: { model: "spam-filter", predictions: ids.map((id, i) => prediction(id, i, false)) } })).status).toBe(200);

    // A refresher runs back to back (each of its runs takes the marks the batches leave) while
    // rounds of concurrent ground truth arrive, each round giving every id a new label.
    let writing = true;
    const refresher = (async () => {
      let runs = 0;
      while (writing || runs === 0) {
        await refreshRollups(db, { batch: 2 });
        runs++;
      }
      return runs;
    })();
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const random = new Random(3_000 + round);
      const label = (id: string) => ((Number(id.slice(prefix.length)) + round) % 2 === 0 ? "spam" : "ham");
      const answers = await Promise.all(
        overlappingBatches(ids, random).map((batch) => call(truth(), { key, body: { model: "spam-filter", actuals: batch.map((id) => ({ id, label: label(id) })) } })),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    writing = false;
    expect(await refresher).toBeGreaterThan(0);
    expect(statuses).toEqual(statuses.map(() => 200));

    // Once the last marks are taken, the rollups say what the rows say, hour by hour.
    await refreshRollups(t.db);
    const truthByHour = await t.db.execute<{ hour: string; truth: number; correct: number; volume: number }>(sql`
      select date_trunc('hour', predicted_at, 'UTC') as hour, count(*)::int as volume, count(actual_label)::int as truth,
        count(*) filter (where actual_label = label)::int as correct
      from predictions where model_id = ${modelId}::uuid group by 1 order by 1`);
    const rollups = await t.db
      .select({ hour: metricRollups.bucketStart, volume: metricRollups.volume, truth: metricRollups.truthCount, correct: metricRollups.truthCorrect })
      .from(metricRollups)
      .where(eq(metricRollups.modelId, modelId))
      .orderBy(metricRollups.bucketStart);
    expect(rollups.map((r) => ({ hour: r.hour.toISOString(), volume: r.volume, truth: r.truth, correct: r.correct }))).toEqual(
      truthByHour.map((r) => ({ hour: new Date(r.hour).toISOString(), volume: r.volume, truth: r.truth, correct: r.correct })),
    );
    expect(await t.db.$count(predictions, and(eq(predictions.modelId, modelId), like(predictions.externalId, `${prefix}%`), isNotNull(predictions.actualLabel)))).toBe(IDS);
  }, TIMEOUT_MS);
});
