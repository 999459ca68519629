import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { deployments, modelVersions, models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { Random } from "@/lib/simulation/random";
import { NO_VERSION } from "@/lib/metrics/segment-types";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { expectPoint, type Raw } from "@/test/split-figures";
import { createBinaryModel, createRegressionModel } from "@/test/api";
import { getModelMetrics } from "./get-model-metrics";
import { refreshRollups } from "./refresh-rollups";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A data set with ties (scores on a 0.05 grid), versions and rows without one, at an offset of years. */
function dataSet(seed: number): { rows: Raw[]; start: number } {
  const random = new Random(seed);
  const start = Date.UTC(1975 + random.int(0, 50), random.int(0, 11), 1 + random.int(0, 27), random.int(0, 23));
  const hours = random.int(1, 60);
  const n = random.int(20, 300);
  const rows = Array.from({ length: n }, (_, i): Raw => {
    const score = Math.round(random.next() * 20) / 20;
    const label = random.chance(0.85) ? (score >= 0.5 ? "spam" : "ham") : score >= 0.5 ? "ham" : "spam";
    const value = Math.round(random.normal(50, 10));
    return {
      id: `r${i}`,
      at: start + Math.floor(random.next() * hours * HOUR),
      version: random.pick([["v1", 3], ["v2", 2], ["v3", 1], [undefined, 0.5]] as const),
      score,
      label,
      actual: random.chance(0.6) ? (random.chance(0.8) ? label : label === "spam" ? "ham" : "spam") : undefined,
      value,
      actualValue: random.chance(0.7) ? value + Math.round(random.normal(0, 5)) : undefined,
    };
  });
  return { rows, start };
}

async function load(slug: string, task: "binary" | "regression", rows: Raw[]) {
  const predictions = rows.map((r) => ({
    id: r.id,
    timestamp: new Date(r.at).toISOString(),
    ...(r.version ? { version: r.version } : {}),
    features: { x: r.value },
    ...(task === "binary"
      ? { score: r.score, label: r.label, ...(r.actual ? { actual: { label: r.actual } } : {}) }
      : { value: r.value, ...(r.actualValue !== undefined ? { actual: { value: r.actualValue } } : {}) }),
  }));
  await ingestPredictions(ctx(), { model: slug, predictions });
  await refreshRollups(t.db);
}

describe("figures per version", () => {
  // About 6 s on two quiet cores; a check of figures, not of speed, so it gets room for a busy machine.
  it("equal the figures computed from raw rows, per bucket and for the range, on 24 seeded data sets", { timeout: 120_000 }, async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const task = seed % 4 === 0 ? "regression" : "binary";
      const slug = `versions-${seed}`;
      await (task === "binary" ? createBinaryModel(t.db, slug) : createRegressionModel(t.db, slug));
      const { rows, start } = dataSet(seed);
      await load(slug, task, rows);
      const random = new Random(seed * 7919);
      const bucket = seed % 3 === 0 ? "day" : "hour";
      const size = bucket === "hour" ? HOUR : DAY;
      // Tiny windows too: from a random minute of the data, for 1 to 40 hours.
      const from = start + random.int(0, 5) * HOUR + random.int(0, 59) * 60_000;
      const to = from + random.int(1, 40) * HOUR;
      const m = await getModelMetrics(ctx(), slug, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket, segment: "version" });
      const first = Math.floor(from / size) * size;
      // A rollup hour counts when it starts in [bucket start of from, to).
      const inRange = rows.filter((r) => Math.floor(r.at / HOUR) * HOUR >= first && Math.floor(r.at / HOUR) * HOUR < to);
      const versions = [...new Set(inRange.map((r) => r.version ?? NO_VERSION))];
      expect(m.segment).toBe("version");
      expect(m.segments!.map((s) => s.value).sort()).toEqual(versions.sort());
      // The largest first.
      const volumes = m.segments!.map((s) => s.volume);
      expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
      for (const segment of m.segments!) {
        const own = inRange.filter((r) => (r.version ?? NO_VERSION) === segment.value);
        expect(segment.volume).toBe(own.length);
        expectPoint(segment.totals, own, task);
        expect(segment.series.map((p) => p.start)).toEqual(m.series.map((p) => p.start));
        for (const point of segment.series) {
          const startMs = new Date(point.start).getTime();
          expectPoint(point, own.filter((r) => Math.floor(r.at / size) * size === startMs), task);
        }
      }
      // The versions add up to the whole model.
      expect(m.segments!.reduce((n, s) => n + s.volume, 0)).toBe(m.totals.volume);
    }
  });

  it("lists deploys and rollbacks that took effect inside the range as markers", async () => {
    const slug = "markers";
    const model = await createBinaryModel(t.db, slug);
    await load(slug, "binary", [
      { id: "a", at: Date.UTC(2026, 2, 1, 10), version: "v1", score: 0.2, label: "ham", value: 0 },
      { id: "b", at: Date.UTC(2026, 2, 3, 10), version: "v2", score: 0.8, label: "spam", value: 0 },
    ]);
    const versions = await t.db.select().from(modelVersions).where(eq(modelVersions.modelId, model.id));
    const id = (name: string) => versions.find((v) => v.name === name)!.id;
    const deployment = (versionId: string, kind: "deploy" | "rollback", status: "succeeded" | "failed" | "pending", finishedAt: Date | null) =>
      ({ modelId: model.id, versionId, kind, target: "built-in" as const, status, actorLabel: "test", createdAt: finishedAt ?? new Date(Date.UTC(2026, 2, 2)), finishedAt });
    await t.db.insert(deployments).values([
      deployment(id("v2"), "deploy", "succeeded", new Date(Date.UTC(2026, 2, 2, 12))),
      deployment(id("v1"), "rollback", "succeeded", new Date(Date.UTC(2026, 2, 3, 18))),
      deployment(id("v2"), "deploy", "failed", new Date(Date.UTC(2026, 2, 2, 13))),
      deployment(id("v2"), "deploy", "pending", null),
      deployment(id("v2"), "deploy", "succeeded", new Date(Date.UTC(2026, 1, 1))),
    ]);
    const m = await getModelMetrics(ctx(), slug, { from: "2026-03-01T00:00:00Z", to: "2026-03-05T00:00:00Z", bucket: "day" });
    expect(m.markers).toEqual([
      { at: "2026-03-02T12:00:00.000Z", type: "deployed", version: "v2" },
      { at: "2026-03-03T18:00:00.000Z", type: "rolled_back", version: "v1" },
    ]);
    expect(m.segments).toBeUndefined();
  });

  it("refuses a split the model does not declare, naming what it may ask for", async () => {
    await expect(getModelMetrics(ctx(), "markers", { segment: "feature:region" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("version") });
    await expect(getModelMetrics(ctx(), "markers", { segment: "region" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("reports the rebuild of hours whose splits were written for other segments, then the split", async () => {
    const [model] = await t.db.select().from(models).where(eq(models.slug, "markers"));
    await t.db.execute(`update metric_rollups set segments_key = '' where model_id = '${model!.id}'`);
    const m = await getModelMetrics(ctx(), "markers", { from: "2026-03-01T00:00:00Z", to: "2026-03-05T00:00:00Z", bucket: "day", segment: "version" });
    expect(m.segmentsRebuilding).toEqual({ done: 0, total: 2 });
    await t.db.execute(`insert into rollup_dirty_buckets (model_id, bucket_start) select model_id, bucket_start from metric_rollups where model_id = '${model!.id}'`);
    await refreshRollups(t.db);
    const after = await getModelMetrics(ctx(), "markers", { from: "2026-03-01T00:00:00Z", to: "2026-03-05T00:00:00Z", bucket: "day", segment: "version" });
    expect(after.segmentsRebuilding).toBeNull();
    expect(after.segments!.map((s) => [s.value, s.volume])).toEqual([["v1", 1], ["v2", 1]]);
  });
});
