import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions, recordGroundTruth } from "@/lib/services/ingest";
import { refreshRollups } from "@/lib/services/metrics";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createBinaryModel(t.db, "spam");
});
afterAll(async () => t.drop());

/** The figures of each hour computed the plain way, straight from the raw rows. */
async function fromRawRows() {
  return t.db.execute<Record<string, number | string>>(sql`
    select date_trunc('hour', predicted_at, 'UTC') as bucket,
      count(*)::int as volume,
      count(*) filter (where label = 'spam')::int as positive,
      round(sum(greatest(score, 1 - score))::numeric, 9)::float8 as confidence,
      count(actual_label)::int as truth,
      count(*) filter (where actual_label = label)::int as correct
    from predictions group by 1 order by 1`);
}

async function fromRollups() {
  return t.db.execute<Record<string, number | string>>(sql`
    select bucket_start as bucket, volume::int, positive_count::int as positive, round(confidence_sum::numeric, 9)::float8 as confidence,
      truth_count::int as truth, truth_correct::int as correct
    from metric_rollups order by 1`);
}

describe("rollups", () => {
  it("equal a recomputation from raw rows after ingest, duplicates and late ground truth", async () => {
    const ctx = systemContext(t.db);
    const row = (i: number, hour: number) => ({ id: `p${i}`, timestamp: `2026-05-01T${String(hour).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z`, score: ((i * 37) % 100) / 100, label: ((i * 37) % 100) >= 50 ? "spam" : "ham" });
    const first = Array.from({ length: 300 }, (_, i) => row(i, i % 5));
    await ingestPredictions(ctx, { model: "spam", predictions: first });
    await refreshRollups(t.db);
    // A replay, an overlapping batch and late truth, some for hours already rolled up.
    await ingestPredictions(ctx, { model: "spam", predictions: first.slice(0, 100) });
    await ingestPredictions(ctx, { model: "spam", predictions: Array.from({ length: 200 }, (_, i) => row(200 + i, (i % 7) + 3)) });
    await recordGroundTruth(ctx, { model: "spam", actuals: Array.from({ length: 150 }, (_, i) => ({ id: `p${i * 2}`, label: i % 3 ? "spam" : "ham" })) });
    await recordGroundTruth(ctx, { model: "spam", actuals: Array.from({ length: 20 }, (_, i) => ({ id: `p${i * 2}`, label: "ham" })) });
    await refreshRollups(t.db);

    const raw = await fromRawRows();
    expect(raw.reduce((n, r) => n + Number(r.volume), 0)).toBe(400);
    expect(await fromRollups()).toEqual(raw);
  });
});
