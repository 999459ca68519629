import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { aggregateBucket, type RollupInputRow } from "@/lib/metrics/aggregate-bucket";
import { aggregateSegments } from "@/lib/metrics/segments";
import { Random } from "@/lib/simulation/random";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { refreshRollups } from "./refresh-rollups";

// refreshRollups reads an hour's predictions as columns of JSON (one text per column, parsed at
// once) rather than row by row. These tests read the same rows the plain way, aggregate them with
// the same pure functions, and expect the stored rollups to be exactly that: every scalar, every
// sketch, every count, and the per-version rows.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const HOUR = 3600_000;

/** Feature values that a JSON round trip could change if it were not exact. */
function awkwardFeatures(random: Random, i: number): Record<string, unknown> {
  return {
    tiny: random.next() * 1e-300,
    huge: (random.next() - 0.5) * 1e300,
    third: random.int(0, 9) / 3,
    offset: 1e15 + random.int(0, 1000) / 8,
    int: random.int(-5, 5),
    big: 2 ** 53 + random.int(0, 4) * 2,
    domain: random.pick([["a.example", 3], ["b.example", 2], ["é ünïcode \u2192 \"quoted\"\\", 1]] as const),
    flag: random.chance(0.5),
    nothing: i % 2 ? null : 1,
    ["__proto__"]: `p${i % 4}`,
    constructor: random.int(0, 2),
    ...(i % 5 ? { sometimes: random.normal(0, 1) } : {}),
    ...(i % 7 ? {} : { mixed: i % 2 ? "text" : 1 }),
  };
}

async function plainRollups(modelId: string, model: { task: "binary" | "regression"; positiveClass: string | null }) {
  const hours = await t.db.execute<{ hour: string }>(sql`select distinct bucket_start::text as hour from metric_rollups where model_id = ${modelId}::uuid order by 1`);
  const names = new Map((await t.db.execute<{ id: string; name: string }>(sql`select id, name from model_versions where model_id = ${modelId}::uuid`)).map((v) => [v.id, v.name]));
  const out = [];
  for (const { hour } of hours) {
    const start = new Date(hour);
    const rows = await t.db.execute<RollupInputRow & { versionId: string | null }>(sql`
      select score, label, value, actual_label as "actualLabel", actual_value as "actualValue", features, version_id as "versionId"
      from predictions where model_id = ${modelId}::uuid and predicted_at >= ${start.toISOString()}::timestamptz
        and predicted_at < ${new Date(start.getTime() + HOUR).toISOString()}::timestamptz`);
    const { distributions, ...scalars } = aggregateBucket(model, rows);
    const segments = aggregateSegments(model, rows, [], (row) => (row.versionId ? names.get(row.versionId)! : null));
    out.push({ hour, scalars, distributions, segments });
  }
  return out;
}

async function storedRollups(modelId: string) {
  const rows = await t.db.execute<Record<string, unknown>>(sql`
    select bucket_start::text as hour, volume::float8, positive_count::float8, score_sum, score_count::float8, confidence_sum, truth_count::float8,
      truth_correct::float8, residual_abs_sum, residual_sq_sum, residual_sum, distributions
    from metric_rollups where model_id = ${modelId}::uuid order by bucket_start`);
  const segments = await t.db.execute<Record<string, unknown>>(sql`
    select bucket_start::text as hour, value, volume::float8, positive_count::float8, score_count::float8, confidence_sum, truth_count::float8, truth_correct::float8,
      residual_abs_sum, residual_sq_sum, residual_sum
    from metric_rollup_segments where model_id = ${modelId}::uuid and segment = 'version' order by bucket_start, value`);
  return { rows, segments };
}

describe("rollups read an hour's predictions as columns", () => {
  it("store exactly what aggregating the rows read one by one gives (binary and regression, awkward values)", async () => {
    const ctx = systemContext(t.db);
    for (const [slug, task] of [["awkward-binary", "binary"], ["awkward-regression", "regression"]] as const) {
      const model = task === "binary" ? await createBinaryModel(t.db, slug) : await createRegressionModel(t.db, slug);
      const random = new Random(task === "binary" ? 5 : 6);
      const start = Date.UTC(2026, 2, 3, 4);
      const predictions = Array.from({ length: 600 }, (_, i) => {
        // Sums depend on the order of their terms, and rows are read in no particular order:
        // values on a binary grid keep every sum exact whatever the order.
        const score = random.int(0, 64) / 64;
        const value = random.int(-400, 400) / 4;
        return {
          id: `p${i}`,
          timestamp: new Date(start + Math.floor(random.next() * 3 * HOUR)).toISOString(),
          ...(random.chance(0.7) ? { version: random.pick([["v1", 2], ["v2", 1]] as const) } : {}),
          features: awkwardFeatures(random, i),
          ...(task === "binary"
            ? { score, label: score >= 0.5 ? "spam" : "ham", ...(random.chance(0.3) ? { actual: { label: random.chance(0.5) ? "spam" : "ham" } } : {}) }
            : { value, ...(random.chance(0.5) ? { actual: { value: value + random.int(-8, 8) / 4 } } : {}) }),
        };
      });
      await ingestPredictions(ctx, { model: slug, predictions });
      await refreshRollups(t.db);

      const expected = await plainRollups(model.id, { task, positiveClass: task === "binary" ? "spam" : null });
      const stored = await storedRollups(model.id);
      expect(expected).toHaveLength(3);
      expect(stored.rows).toHaveLength(3);
      expected.forEach((hour, i) => {
        const row = stored.rows[i]!;
        const s = hour.scalars;
        expect(row).toEqual({
          hour: hour.hour,
          volume: s.volume,
          positive_count: s.positiveCount,
          score_sum: s.scoreSum,
          score_count: s.scoreCount,
          confidence_sum: s.confidenceSum,
          truth_count: s.truthCount,
          truth_correct: s.truthCorrect,
          residual_abs_sum: s.residualAbsSum,
          residual_sq_sum: s.residualSqSum,
          residual_sum: s.residualSum,
          // Through jsonb, as the stored one went.
          distributions: JSON.parse(JSON.stringify(hour.distributions)),
        });
      });
      const expectedSegments = expected.flatMap((hour) =>
        hour.segments
          .map((v) => ({ hour: hour.hour, value: v.value, volume: v.volume, positive_count: v.positiveCount, score_count: v.scoreCount, confidence_sum: v.confidenceSum, truth_count: v.truthCount, truth_correct: v.truthCorrect, residual_abs_sum: v.residualAbsSum, residual_sq_sum: v.residualSqSum, residual_sum: v.residualSum }))
          .sort((a, b) => (a.value < b.value ? -1 : 1)),
      );
      expect(stored.segments).toEqual(expectedSegments);
    }
  });
});
