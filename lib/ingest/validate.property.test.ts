import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ModelTask } from "@/lib/models/constants";
import { ActualRow, GroundTruthEnvelope, PredictionRow, PredictionsEnvelope } from "./schemas";
import { fastPredictionRow, validateActualRows, validatePredictionRows } from "./validate";
import { findUnstorableText, isStorableText } from "@/lib/validation/storable-text";
import { awkwardText } from "@/test/awkward-input";

// Property-based checks of the ingest validator (issue #8): whatever a client sends, the
// validator answers (never throws), lets through only rows of the documented shape whose every
// number is finite, and its fast path never accepts what zod refuses.

const NOW = Date.parse("2026-11-27T12:00:00Z");
const MODELS: Record<ModelTask, { task: ModelTask; classes: string[] }> = {
  binary: { task: "binary", classes: ["ham", "spam"] },
  multiclass: { task: "multiclass", classes: ["a", "b", "c"] },
  regression: { task: "regression", classes: [] },
};
const RUNS = { numRuns: 400 };

/** Whether a row's features or probabilities hold an own "__proto__" key. */
function hasOwnProtoKey(row: { features?: object; probabilities?: object }): boolean {
  return [row.features, row.probabilities].some((o) => o !== undefined && Object.hasOwn(o, "__proto__"));
}

/** Every number anywhere in a value, so a test can ask that all are finite. */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === "number") out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

/** The numbers a hostile or careless client sends: the extremes of doubles and their neighbours. */
const extremeNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -0, 0, 1, 0.5, 1 + Number.EPSILON, -Number.MIN_VALUE),
  fc.double(),
  fc.double({ min: 0, max: 1 }),
  fc.integer(),
);
const text = (max: number) =>
  fc.oneof(fc.string({ maxLength: 12 }), fc.string({ minLength: max - 2, maxLength: max + 2 }), awkwardText, fc.constantFrom("", "'; DROP TABLE predictions; --", "<script>alert(1)</script>", "__proto__", "constructor"));
const time = fc.oneof(
  fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  // Before 1970 and years PostgreSQL or the driver cannot take back as sent.
  fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("1970-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2026-11-20T10:00:00Z", "2026-11-20T10:00:00+05:30", "2026-11-20T10:00:00+23:59", "0000-06-01T00:00:00Z", "0050-06-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59.999Z", "2026-11-20T10:00:00", "2026-11-20", "yesterday", "", "2026-13-45T99:99:99Z"),
);
/** Anything at all in a field: valid values, extremes, wrong types, nested junk. */
const anyValue = fc.oneof(extremeNumber, text(100), fc.boolean(), fc.constant(null), fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true, withMap: true, withSparseArray: true }));
const featureValue = fc.oneof(extremeNumber, text(10_000), fc.boolean(), fc.constant(null), fc.anything({ maxDepth: 2 }));

/**
 * Rows near the boundary: each field absent, valid, extreme or of the wrong type, so most rows
 * fail for one or two reasons and some pass (pure noise would almost never pass, and would
 * never test that what passes is right).
 */
const nearRow = fc.record(
  {
    id: fc.oneof(text(200), anyValue),
    version: fc.oneof(text(100), anyValue),
    timestamp: fc.oneof(time, anyValue),
    features: fc.oneof(fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), awkwardText, fc.constantFrom("", "__proto__", "x".repeat(101))), featureValue, { maxKeys: 6 }), anyValue),
    score: extremeNumber,
    probabilities: fc.oneof(fc.dictionary(fc.constantFrom("a", "b", "c", "d", "__proto__", "a\0", "\udc00"), extremeNumber, { maxKeys: 4 }), anyValue),
    label: fc.oneof(fc.constantFrom("ham", "spam", "a", "b", "c"), text(100), anyValue),
    value: extremeNumber,
    actual: fc.oneof(fc.record({ label: fc.constantFrom("ham", "spam", "a", "zz"), value: extremeNumber, timestamp: time }, { requiredKeys: [] }), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
/** Rows that are valid for a binary model, for checking the fast path is really taken. */
const validBinaryRow = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 200 }),
    version: fc.string({ minLength: 1, maxLength: 100 }),
    timestamp: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2026-11-27T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
    features: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k !== "__proto__"), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 50 }), fc.boolean(), fc.constant(null)), { maxKeys: 10, noNullPrototype: true }),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    label: fc.constantFrom("ham", "spam"),
  },
  // Objects as JSON.parse makes them (fast-check also makes null-prototype ones, which go to zod).
  { requiredKeys: ["id", "score", "label"], noNullPrototype: true },
);
/** Mostly the valid `good`, sometimes `bad`: rows one or two steps from valid, where the fast path and zod must draw the same line. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: bad });
const oneStepRow = fc.record(
  {
    id: mostly(fc.string({ minLength: 1, maxLength: 200 }), fc.oneof(anyValue, awkwardText)),
    version: mostly(fc.string({ minLength: 1, maxLength: 100 }), fc.oneof(anyValue, awkwardText)),
    timestamp: mostly(fc.constant("2026-11-20T10:00:00Z"), fc.oneof(time, anyValue)),
    features: mostly(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null)), { maxKeys: 4, noNullPrototype: true }), fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), awkwardText), fc.oneof(featureValue, awkwardText), { maxKeys: 3, noNullPrototype: true })),
    score: mostly(fc.double({ min: 0, max: 1, noNaN: true }), extremeNumber),
    probabilities: mostly(fc.constant({ a: 0.2, b: 0.3, c: 0.5 }), fc.dictionary(fc.constantFrom("a", "b", "c"), extremeNumber, { maxKeys: 3, noNullPrototype: true })),
    label: mostly(fc.constantFrom("ham", "spam", "a"), fc.oneof(anyValue, awkwardText)),
    value: mostly(fc.double({ noNaN: true, noDefaultInfinity: true }), extremeNumber),
    actual: mostly(
      fc.record({ label: fc.constantFrom("ham", "spam"), value: fc.integer(), timestamp: fc.constant("2026-11-21T10:00:00+01:00") }, { requiredKeys: [], noNullPrototype: true }),
      fc.record({ label: fc.oneof(anyValue, awkwardText), value: extremeNumber, timestamp: fc.oneof(time, anyValue), other: anyValue }, { requiredKeys: [], noNullPrototype: true }),
    ),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const task = fc.constantFrom<ModelTask>("binary", "multiclass", "regression");

describe("the ingest validator under arbitrary input", { timeout: 60_000 }, () => {
  it("never throws, whatever the rows are", () => {
    fc.assert(
      fc.property(task, fc.array(fc.oneof(nearRow, fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true })), { maxLength: 5 }), (t, rows) => {
        validatePredictionRows(MODELS[t], rows, NOW);
        validateActualRows(MODELS[t], rows, NOW);
        for (const row of rows) fastPredictionRow(row);
      }),
      RUNS,
    );
  });

  it("never throws on an arbitrary envelope either", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), fc.jsonValue(), (a, b) => {
        PredictionsEnvelope.safeParse(a);
        PredictionsEnvelope.safeParse(b);
        GroundTruthEnvelope.safeParse(a);
        GroundTruthEnvelope.safeParse({ model: "m", actuals: [b] });
      }),
      RUNS,
    );
  });

  it("accepts only rows of the documented shape, every number in them finite and within its range", () => {
    fc.assert(
      fc.property(task, fc.array(fc.oneof(oneStepRow, nearRow), { minLength: 1, maxLength: 5 }), (t, raw) => {
        const model = MODELS[t];
        const { rows, repeats, errors } = validatePredictionRows(model, raw, NOW);
        // Every row is accepted, an identical copy of one accepted, or has at least one reason.
        const refused = new Set(errors.map((e) => e.index));
        expect(rows.length + repeats + refused.size).toBe(raw.length);
        for (const row of rows) {
          expect(PredictionRow.safeParse(row).success).toBe(true);
          expect(numbersIn(row).every(Number.isFinite)).toBe(true);
          // The JSON the ingest statement is built from says the same as the row.
          expect(numbersIn(JSON.parse(JSON.stringify(row))).every(Number.isFinite)).toBe(true);
          if (t === "regression") expect(Number.isFinite(row.value)).toBe(true);
          else expect(model.classes).toContain(row.label);
          if (t === "binary") expect(row.score! >= 0 && row.score! <= 1).toBe(true);
          if (t === "multiclass") {
            const p = Object.values(row.probabilities!);
            expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(0.01 + 1e-12);
            expect(Object.keys(row.probabilities!).every((c) => model.classes.includes(c))).toBe(true);
          }
          for (const time of [row.timestamp, row.actual?.timestamp]) {
            if (time === undefined) continue;
            expect(Date.parse(time)).toBeLessThanOrEqual(NOW + 5 * 60_000);
            expect(Date.parse(time)).toBeGreaterThanOrEqual(Date.UTC(1970, 0, 1));
          }
          expect(findUnstorableText(row)).toBeNull();
        }
        expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
        for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it("accepts only finite actuals of the documented shape", () => {
    fc.assert(
      fc.property(task, fc.array(fc.oneof(nearRow.map(({ id, label, value, timestamp, extra }) => ({ id, label, value, timestamp, ...(extra === undefined ? {} : { extra }) })), nearRow), { minLength: 1, maxLength: 5 }), (t, raw) => {
        const { rows, repeats, errors } = validateActualRows(MODELS[t], raw, NOW);
        expect(rows.length + repeats + new Set(errors.map((e) => e.index)).size).toBe(raw.length);
        for (const row of rows) {
          expect(ActualRow.safeParse(row).success).toBe(true);
          expect(numbersIn(row).every(Number.isFinite)).toBe(true);
          expect(findUnstorableText(row)).toBeNull();
          if (row.timestamp) expect(Date.parse(row.timestamp)).toBeGreaterThanOrEqual(Date.UTC(1970, 0, 1));
        }
      }),
      RUNS,
    );
  });

  it("the fast path accepts a row only when zod accepts it, unchanged", () => {
    fc.assert(
      fc.property(fc.oneof(oneStepRow, nearRow, validBinaryRow, fc.anything({ withNullPrototype: true, withBoxedValues: true })), (raw) => {
        const fast = fastPredictionRow(raw);
        if (fast === null) return;
        const zod = PredictionRow.safeParse(raw);
        expect(zod.success).toBe(true);
        // zod builds a record's output by assignment, so an own "__proto__" key (JSON.parse makes
        // one) becomes the prototype and drops out of its copy; the fast path keeps the client's
        // key, which is what is stored. Everything else must be equal.
        if (!hasOwnProtoKey(fast)) expect(zod.data).toEqual(fast);
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps a feature or class named __proto__ as the client sent it (zod's copy would drop it)", () => {
    const raw = JSON.parse('{"id":"p","score":0.5,"label":"spam","features":{"__proto__":1,"x":2},"probabilities":{"__proto__":0.5}}');
    const fast = fastPredictionRow(raw);
    expect(fast).toBe(raw);
    expect(Object.keys(fast!.features!)).toEqual(["__proto__", "x"]);
    expect(Object.keys((PredictionRow.parse(raw) as { features: object }).features)).toEqual(["x"]);
  });

  it("the fast path takes every valid row (so zod runs only for rows it refuses)", () => {
    fc.assert(
      fc.property(validBinaryRow, (raw) => {
        expect(PredictionRow.safeParse(raw).success).toBe(true);
        expect(fastPredictionRow(raw)).toBe(raw);
        expect(validatePredictionRows(MODELS.binary, [raw], NOW).errors).toEqual([]);
      }),
      RUNS,
    );
  });

  it("refuses NaN, ±Infinity and overflowing literals that arrive as JSON text", () => {
    // JSON has no NaN or Infinity, but 1e309 parses to Infinity: the validator sees what JSON.parse gives.
    for (const literal of ["1e309", "-1e309", "1E400", "-2e308"]) {
      for (const field of ["score", "value"]) {
        const raw = JSON.parse(`{"id":"x","label":"spam","score":0.5,"value":1,"${field}":${literal}}`);
        const { rows, errors } = validatePredictionRows(field === "score" ? MODELS.binary : MODELS.regression, [raw], NOW);
        expect(rows).toEqual([]);
        // zod's own words for it: "Invalid input: expected number, received Infinity".
        expect(errors).toContainEqual({ index: 0, path: field, message: expect.stringMatching(/number/) });
      }
      const feature = JSON.parse(`{"id":"x","label":"spam","score":0.5,"features":{"f":${literal}}}`);
      expect(validatePredictionRows(MODELS.binary, [feature], NOW).rows).toEqual([]);
    }
    // The largest finite doubles and negative zero are numbers like any other: stored as sent.
    const big = JSON.parse('{"id":"x","value":1e308,"actual":{"value":-1.7976931348623157e308},"features":{"f":-0}}');
    expect(validatePredictionRows(MODELS.regression, [big], NOW)).toEqual({ rows: [big], repeats: 0, errors: [] });
  });
});

describe("text PostgreSQL cannot store, and ids sent twice", { timeout: 60_000 }, () => {
  const FIELDS = ["id", "version", "label", "features", "features.f", "actual.label"] as const;
  /** A valid row with `text` in one field; the model's classes include it, so a label is judged as text only. */
  function rowWith(field: (typeof FIELDS)[number], text: string) {
    const row: Record<string, unknown> = { id: "r", version: "v1", score: 0.5, label: "ham", features: { f: 1 }, actual: { label: "spam" } };
    if (field === "features") row.features = { [text]: 1 };
    else if (field === "features.f") row.features = { f: text };
    else if (field === "actual.label") row.actual = { label: text };
    else row[field] = text;
    return row;
  }

  it("refuses a row exactly when some text in it cannot be stored, naming that field", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), awkwardText, (field, text) => {
        fc.pre(text.length > 0 || field === "features.f");
        const model = { task: "binary" as const, classes: ["ham", "spam", text] };
        const { rows, errors } = validatePredictionRows(model, [rowWith(field, text)], NOW);
        if (isStorableText(text) && text.length <= 100) {
          expect(errors).toEqual([]);
          expect(rows).toHaveLength(1);
        } else if (!isStorableText(text)) {
          expect(rows).toEqual([]);
          expect(errors).toContainEqual({ index: 0, path: expect.stringMatching(new RegExp(`^${field.split(".")[0]}`)), message: expect.stringMatching(/NUL|surrogates/) });
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("keeps each id once: identical copies are repeats, copies that differ are all refused, each naming one that differs", () => {
    const variant = fc.record({ id: fc.constantFrom("a", "b", "c", "d"), score: fc.constantFrom(0.1, 0.9), label: fc.constantFrom("ham", "spam") }, { noNullPrototype: true });
    fc.assert(
      fc.property(fc.array(variant, { minLength: 1, maxLength: 12 }), (raw) => {
        const { rows, repeats, errors } = validatePredictionRows(MODELS.binary, raw, NOW);
        const byId = new Map<string, number[]>();
        raw.forEach((r, i) => byId.set(r.id, [...(byId.get(r.id) ?? []), i]));
        let expectedRepeats = 0;
        for (const [id, indexes] of byId) {
          const contents = new Set(indexes.map((i) => JSON.stringify(raw[i])));
          if (contents.size === 1) {
            expect(rows.filter((r) => r.id === id)).toEqual([raw[indexes[0]!]]);
            expectedRepeats += indexes.length - 1;
          } else {
            expect(rows.some((r) => r.id === id)).toBe(false);
            for (const i of indexes) {
              const error = errors.find((e) => e.index === i);
              expect(error?.path).toBe("id");
              const named = Number(/of rows? (\d+)/.exec(error!.message)![1]);
              expect(raw[named]!.id).toBe(id);
              expect(JSON.stringify(raw[named])).not.toBe(JSON.stringify(raw[i]));
            }
          }
        }
        expect(repeats).toBe(expectedRepeats);
        expect(errors.every((e) => e.path === "id")).toBe(true);
      }),
      RUNS,
    );
  });
});
