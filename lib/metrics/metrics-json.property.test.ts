import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ModelTask } from "@/lib/models/constants";
import { validatePredictionRows } from "@/lib/ingest/validate";
import { aggregateBucket, canonicalOrder, mergeDistributions, type BucketRollup, type RollupInputRow } from "./aggregate-bucket";
import { featureDrift, outputDrift, sketchHistogram } from "./drift";
import { groupRollups, seriesPoint, type SeriesRollup } from "./series";

// What reaches GET /api/v1/models/{model}/metrics, end to end in pure code: rows the ingest
// validator accepts (extremes included: ±1e308, the largest double, −0) are rolled up by hour as
// refresh-rollups does, stored as PostgreSQL would keep them (float8 columns keep ±Infinity,
// jsonb goes through JSON), and read back into series points, totals and drift the way
// get-model-metrics composes them. No number in that answer may be NaN or ±Infinity:
// Response.json would silently write them as null, a figure "with no data" that has data.

const MODELS: Record<ModelTask, { task: ModelTask; classes: string[]; positiveClass: string | null }> = {
  binary: { task: "binary", classes: ["ham", "spam"], positiveClass: "spam" },
  multiclass: { task: "multiclass", classes: ["a", "b", "c"], positiveClass: null },
  regression: { task: "regression", classes: [], positiveClass: null },
};
const NOW = Date.parse("2026-11-27T12:00:00Z");

/** The numbers where double arithmetic breaks, and ordinary ones. */
const number = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 1e200, -1e200, Number.MIN_VALUE, -0, 0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -100, max: 100, noNaN: true }),
);
const probability = fc.oneof(fc.constantFrom(0, 1, -0, Number.MIN_VALUE, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));
/** Names clients may send that are also Object.prototype's: as a feature, a category, a key. */
const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
const category = fc.constantFrom("a.org", "b.org", "c.org", ...PROTOTYPE_NAMES);
const features = fc
  .tuple(
    fc.record({ amount: number, length: fc.oneof(fc.nat(), number), domain: category, flag: fc.boolean() }, { requiredKeys: [], noNullPrototype: true }),
    fc.subarray(PROTOTYPE_NAMES),
    fc.oneof(number, category),
  )
  // As JSON.parse would make them: "__proto__" an own key like any other.
  .map(([named, odd, value]) => JSON.parse(JSON.stringify(named).replace(/^\{/, `{${odd.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value)},`).join("")}`).replace(",}", "}")) as Record<string, unknown>);
const rawRow = (task: ModelTask) =>
  fc.record(
    {
      id: fc.uuid(),
      hour: fc.nat(71),
      features,
      score: probability,
      probabilities: fc.tuple(probability, probability).map(([x, y]) => {
        const a = Math.min(x, 1 - y * (1 - x));
        return { a, b: (1 - a) / 2, c: (1 - a) / 2 };
      }),
      label: fc.constantFrom(...(task === "regression" ? ["x"] : MODELS[task].classes)),
      value: number,
      actual: fc.oneof(fc.constant(undefined), task === "regression" ? fc.record({ value: number }) : fc.record({ label: fc.constantFrom(...MODELS[task].classes) })),
    },
    { requiredKeys: ["id", "hour"], noNullPrototype: true },
  );

/** A row as the ingest statement stores it and refresh-rollups reads it back (see toRecord there). */
function stored(task: ModelTask, row: Record<string, unknown>): RollupInputRow {
  const probabilities = row.probabilities as Record<string, number> | undefined;
  const actual = row.actual as { label?: string; value?: number } | undefined;
  return JSON.parse(
    JSON.stringify({
      score: (row.score as number | undefined) ?? (probabilities ? Math.max(...Object.values(probabilities)) : null),
      label: (row.label as string | undefined) ?? null,
      value: (row.value as number | undefined) ?? null,
      actualLabel: actual?.label ?? null,
      actualValue: actual?.value ?? null,
      features: row.features ?? {},
    }),
  ) as RollupInputRow;
}

/** A rollup row written and read back: scalars in float8 columns, distributions in jsonb. */
function throughTheDatabase(rollup: BucketRollup): BucketRollup {
  return { ...rollup, distributions: JSON.parse(JSON.stringify(rollup.distributions)) };
}

function nonFinitePaths(value: unknown, path = "$", out: string[] = []): string[] {
  if (typeof value === "number" && !Number.isFinite(value)) out.push(`${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => nonFinitePaths(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) nonFinitePaths(v, `${path}.${k}`, out);
  return out;
}

/** The answer's figures, composed as get-model-metrics composes them from hourly rollups. */
function metricsAnswer(task: ModelTask, rows: { hour: number; row: RollupInputRow }[]) {
  const model = MODELS[task];
  const start = Date.parse("2026-11-24T00:00:00Z");
  const byHour = new Map<number, RollupInputRow[]>();
  for (const { hour, row } of rows) byHour.set(hour, [...(byHour.get(hour) ?? []), row]);
  const hourly = [...byHour.entries()].sort(([a], [b]) => a - b).map(([hour, hourRows]) => ({ at: start + hour * 3600_000, rollup: throughTheDatabase(aggregateBucket(model, hourRows)) }));

  const scalars: SeriesRollup[] = hourly.map(({ at, rollup }) => ({ bucketStart: new Date(at), ...rollup, predicted: rollup.distributions.predicted }));
  const matureBefore = NOW - 3 * 86_400_000;
  const series = groupRollups(scalars, "day").map((g) => seriesPoint(model, g, { bucketEnd: g.bucketStart.getTime() + 86_400_000, matureBefore }));
  const totals = seriesPoint(model, groupRollups(scalars, "all")[0]!, { bucketEnd: NOW, matureBefore });

  // The first day is the reference window, the whole range the current one.
  const merge = (from: typeof hourly) => canonicalOrder(mergeDistributions(from.map((h) => h.rollup.distributions)));
  const reference = merge(hourly.filter((h) => h.at < start + 86_400_000));
  const current = merge(hourly);
  return {
    series,
    totals,
    drift: {
      score: task === "regression" ? null : outputDrift(reference.scoreSketch, current.scoreSketch, 1),
      prediction: task === "regression" ? outputDrift(reference.predictedValue, current.predictedValue, 1) : null,
      features: featureDrift(reference, current, 1),
    },
    distributions: { score: current.score, residuals: sketchHistogram(current.residualSketch) },
  };
}

describe("the metrics answer for extreme but valid predictions", () => {
  for (const task of ["binary", "multiclass", "regression"] as const) {
    it(`holds only finite numbers (${task})`, () => {
      fc.assert(
        fc.property(fc.array(rawRow(task), { minLength: 1, maxLength: 40 }), (raws) => {
          // Only what the ingest validator lets in can be stored.
          const payload = raws.map(({ hour: _hour, ...row }) => row);
          const { rows } = validatePredictionRows(MODELS[task], payload, NOW);
          const accepted = new Set(rows.map((r) => r.id));
          const kept = raws.filter((r) => accepted.has(r.id)).map(({ hour, ...row }) => ({ hour, row: stored(task, row) }));
          fc.pre(kept.length > 0);
          const answer = metricsAnswer(task, kept);
          expect(nonFinitePaths(answer)).toEqual([]);
          // And the JSON the route sends says exactly what the object says: nothing became null.
          expect(JSON.parse(JSON.stringify(answer))).toEqual(JSON.parse(JSON.stringify(answer, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? "NOT FINITE" : v))));
        }),
        { numRuns: 200 },
      );
    }, 30_000);
  }
});
