import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { models } from "@/lib/db/schema";
import { systemContext } from "@/lib/services/context";
import { ingestPredictions } from "@/lib/services/ingest";
import { seededRandom } from "@/lib/stats/seeded-random";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { getModelMetrics } from "./get-model-metrics";
import { refreshRollups } from "./refresh-rollups";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const ctx = () => systemContext(t.db);
const HOUR = 3600_000;
const REFERENCE_START = Date.parse("2026-03-02T00:00:00Z");
const CURRENT_START = Date.parse("2026-03-05T00:00:00Z");

type Row = { id: string; timestamp: string; score: number; label: string; features: Record<string, unknown> };

/**
 * Predictions over 2 reference days and 3 current days (so reads merge daily rollups and the hours
 * around them). Every hour's first prediction has the usual types; after it, keys go missing,
 * values come null, of another type, past the reference's range, or as categories never seen.
 */
function predictionsOf(seed: number, perHour: number): { reference: Row[]; current: Row[] } {
  const random = seededRandom(seed);
  const offset = [0, 1e5, -300][seed % 3]!;
  const hours = (start: number, count: number, bad: number, prefix: string) =>
    Array.from({ length: count }, (_, h) =>
      Array.from({ length: 1 + Math.floor(random() * perHour) }, (_, i): Row => {
        const features: Record<string, unknown> = {};
        const usual = i === 0 || random() > bad;
        if (usual) features.size = offset + Math.floor(random() * 20) + (random() < bad ? 30 : 0);
        else if (random() < 0.5) features.size = random() < 0.5 ? null : "big";
        if (usual) features.domain = ["a.org", "b.org", "c.org"][Math.floor(random() * 3)]! + (random() < bad ? ".new" : "");
        else if (random() < 0.6) features.domain = random() < 0.5 ? null : true;
        return { id: `${prefix}-${h}-${i}`, timestamp: new Date(start + h * HOUR + i * 1000).toISOString(), score: random(), label: "ham", features };
      }),
    ).flat();
  return { reference: hours(REFERENCE_START, 48, 0.05, "r"), current: hours(CURRENT_START, 72, 0.3, "c") };
}

/** The counts from the raw predictions, by API.md's definitions. */
function expected(name: string, reference: Row[], current: Row[]) {
  const present = (rows: Row[]) => rows.map((r) => r.features[name]).filter((v) => v !== null && v !== undefined);
  const refValues = present(reference);
  const numeric = refValues.filter((v) => typeof v === "number").length * 2 > refValues.length;
  const refNumbers = refValues.filter((v): v is number => typeof v === "number");
  const seen = new Set(refValues.map(String));
  const values = present(current);
  return {
    missing: current.length - values.length,
    wrongType: values.filter((v) => typeof v !== (numeric ? "number" : "string")).length,
    outOfRange: numeric ? values.filter((v) => typeof v === "number" && (v < Math.min(...refNumbers) || v > Math.max(...refNumbers))).length : 0,
    newCategory: numeric ? 0 : values.filter((v) => !seen.has(String(v))).length,
  };
}

describe("data quality per feature, from rollups", () => {
  for (const seed of [1, 2, 3]) {
    it(`equals the counts from the raw predictions (data set ${seed})`, async () => {
      const slug = `quality-${seed}`;
      await createBinaryModel(t.db, slug);
      await t.db.update(models).set({ referenceFrom: new Date(REFERENCE_START), referenceTo: new Date(REFERENCE_START + 48 * HOUR) }).where(eq(models.slug, slug));
      const { reference, current } = predictionsOf(seed, seed === 3 ? 2 : 12);
      for (let i = 0; i < reference.length + current.length; i += 1000) {
        await ingestPredictions(ctx(), { model: slug, predictions: [...reference, ...current].slice(i, i + 1000) });
      }
      await refreshRollups(t.db);
      const m = await getModelMetrics(ctx(), slug, { from: new Date(CURRENT_START + 5 * HOUR).toISOString(), to: new Date(CURRENT_START + 72 * HOUR).toISOString(), bucket: "hour" });
      const inWindow = current.filter((r) => Date.parse(r.timestamp) >= CURRENT_START + 5 * HOUR);
      for (const name of ["size", "domain"]) {
        const row = m.drift.features.find((f) => f.name === name)!;
        const want = expected(name, reference, inWindow);
        expect(row.quality.counts, name).toEqual(want);
        expect(row.quality).toMatchObject({ n: inWindow.length, exact: true, missing: want.missing / inWindow.length, referenceType: name === "size" ? "number" : "string" });
        expect(row.quality.reference).toMatchObject({ n: reference.length, count: expected(name, reference, reference).missing });
      }
    });
  }
});
