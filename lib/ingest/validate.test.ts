import { describe, expect, it } from "vitest";
import { PredictionRow } from "./schemas";
import { fastPredictionRow, validateActualRows, validatePredictionRows } from "./validate";

const spam = { task: "binary" as const, classes: ["ham", "spam"] };
const good = { id: "r1", version: "v1", timestamp: "2026-11-20T10:00:00Z", features: { length: 812, domain: "a.org", flag: true, none: null }, score: 0.91, label: "spam", actual: { label: "ham", timestamp: "2026-11-21T10:00:00+01:00" } };

// Mutations that each make a row one step away from valid, or leave it valid.
const MUTATIONS: ((row: Record<string, unknown>) => unknown)[] = [
  (r) => r,
  (r) => ({ ...r, id: "" }),
  (r) => ({ ...r, id: 42 }),
  (r) => ({ ...r, id: "x".repeat(201) }),
  (r) => ({ ...r, extra: 1 }),
  (r) => ({ ...r, score: 1.0000001 }),
  (r) => ({ ...r, score: -0 }),
  (r) => ({ ...r, score: Number.NaN }),
  (r) => ({ ...r, score: "0.5" }),
  (r) => ({ ...r, timestamp: "2026-11-20 10:00:00" }),
  (r) => ({ ...r, timestamp: "2026-11-20T10:00:00" }),
  (r) => ({ ...r, timestamp: "2026-11-20T10:00:00.123456+05:30" }),
  (r) => ({ ...r, features: [] }),
  (r) => ({ ...r, features: { "": 1 } }),
  (r) => ({ ...r, features: { deep: { x: 1 } } }),
  (r) => ({ ...r, features: { inf: Infinity } }),
  (r) => ({ ...r, features: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, i])) }),
  (r) => ({ ...r, probabilities: { ham: 0.2, spam: 0.8 } }),
  (r) => ({ ...r, probabilities: { ham: 2 } }),
  (r) => ({ ...r, label: "" }),
  (r) => ({ ...r, value: 1e308 }),
  (r) => ({ ...r, actual: { label: "ham", extra: true } }),
  (r) => ({ ...r, actual: { timestamp: "yesterday" } }),
  (r) => ({ ...r, actual: null }),
  (r) => ({ ...r, version: undefined }),
  (r) => ({ ...r, id: "a\0" }),
  (r) => ({ ...r, version: "v\ud800" }),
  (r) => ({ ...r, features: { "\udc00": 1 } }),
  (r) => ({ ...r, features: { f: "\0" } }),
  (r) => ({ ...r, probabilities: { "\0": 0.5 } }),
  (r) => ({ ...r, actual: { label: "\ud800" } }),
  (r) => ({ ...r, id: "\ud83d\ude00" }),
  () => null,
  () => [good],
  () => Object.create({ id: "inherited" }),
];

describe("the fast row check", () => {
  it("accepts only what the zod schema accepts, unchanged", () => {
    for (const mutate of MUTATIONS) {
      for (const base of [good, { id: "min" }, { id: "r", value: 3 }]) {
        const raw = mutate(base as Record<string, unknown>);
        const fast = fastPredictionRow(raw);
        const zod = PredictionRow.safeParse(raw);
        if (fast) {
          expect(zod.success, JSON.stringify(raw)).toBe(true);
          expect(zod.data).toEqual(fast);
        }
      }
    }
  });

  it("gives the same per-row reasons as zod alone for a broken batch", () => {
    const rows = [good, { ...good, id: "" }, { ...good, score: 2 }, { ...good, label: "eggs" }, { ...good, extra: 1 }];
    expect(validatePredictionRows(spam, rows, Date.parse("2026-11-27T00:00:00Z")).errors).toEqual([
      { index: 1, path: "id", message: "must not be empty" },
      { index: 2, path: "score", message: "must be between 0 and 1" },
      { index: 3, path: "label", message: "must be one of the model's classes: ham, spam" },
      { index: 4, path: "(row)", message: expect.stringContaining("extra") },
    ]);
  });
});

describe("validatePredictionRows", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");

  const FUTURE = "must not be in the future (more than 5 minutes ahead of the server's clock)";
  const BEFORE_1970 = "must not be before 1970-01-01";
  const at = (timestamp: string, actual?: string) => ({ ...good, id: `${timestamp}/${actual}`, timestamp, actual: { label: "ham", timestamp: actual ?? timestamp } });

  it("refuses times more than five minutes ahead, of the prediction and of its truth", () => {
    const { errors } = validatePredictionRows(spam, [at("2026-11-27T12:06:00Z", "2026-11-27T12:00:00Z"), at("2026-11-27T12:04:00Z"), at("2026-11-20T10:00:00Z", "9999-12-31T23:59:59Z")], now);
    expect(errors).toEqual([
      { index: 0, path: "timestamp", message: FUTURE },
      { index: 2, path: "actual.timestamp", message: FUTURE },
    ]);
  });

  it("refuses times before 1970, which PostgreSQL or the driver would not give back as sent", () => {
    // Year 0 does not exist in PostgreSQL (a 500 before), and years before 100 came back as 19xx.
    const rows = [at("0000-06-01T00:00:00Z"), at("0050-06-01T00:00:00Z"), at("1969-12-31T23:59:59.999Z"), at("2026-11-20T10:00:00Z", "1960-01-01T00:00:00Z"), at("1970-01-01T00:00:00Z"), at("1970-01-01T01:00:00+01:00")];
    expect(validatePredictionRows(spam, rows, now).errors).toEqual([
      { index: 0, path: "timestamp", message: BEFORE_1970 },
      { index: 0, path: "actual.timestamp", message: BEFORE_1970 },
      { index: 1, path: "timestamp", message: BEFORE_1970 },
      { index: 1, path: "actual.timestamp", message: BEFORE_1970 },
      { index: 2, path: "timestamp", message: BEFORE_1970 },
      { index: 2, path: "actual.timestamp", message: BEFORE_1970 },
      { index: 3, path: "actual.timestamp", message: BEFORE_1970 },
    ]);
  });

  it("refuses zone offsets no real zone has (PostgreSQL refuses those past 15:59)", () => {
    const rows = [at("2026-11-20T10:00:00+23:59"), at("2026-11-20T10:00:00-14:01"), at("2026-11-20T10:00:00+14:00"), at("2026-11-20T10:00:00-12:00")];
    expect(validatePredictionRows(spam, rows, now).errors.map((e) => [e.index, e.path])).toEqual([
      [0, "timestamp"],
      [0, "actual.timestamp"],
      [1, "timestamp"],
      [1, "actual.timestamp"],
    ]);
  });

  it("refuses NUL and unpaired surrogates in every text of a row, naming the field", () => {
    const multi = { task: "multiclass" as const, classes: ["a", "b"] };
    const bad = ["x\0y", "x\ud800", "\udc00x"];
    for (const text of bad) {
      const rows = [
        { ...good, id: text },
        { ...good, version: text },
        { ...good, label: text },
        { ...good, features: { [text]: 1 } },
        { ...good, features: { f: text } },
        { ...good, actual: { label: text } },
      ];
      expect(validatePredictionRows(spam, rows, now).errors.map((e) => [e.index, e.path.split(".")[0]]), JSON.stringify(text)).toEqual([
        [0, "id"],
        [1, "version"],
        [2, "label"],
        [3, "features"],
        [4, "features"],
        [5, "actual"],
      ]);
      expect(validatePredictionRows(multi, [{ id: "m", label: "a", probabilities: { a: 0.5, [`b${text}`]: 0.5 } }], now).errors[0]).toMatchObject({ index: 0, path: expect.stringMatching(/^probabilities/) });
      expect(validateActualRows(spam, [{ id: text, label: "ham" }, { id: "ok", label: text }], now).errors.map((e) => [e.index, e.path])).toEqual([
        [0, "id"],
        [1, "label"],
      ]);
    }
    // A surrogate pair (an emoji) and other unusual but valid text are stored like any other.
    expect(validatePredictionRows(spam, [{ ...good, id: "\ud83d\ude00", features: { "\ufffe": "\u2028\ud83d\ude00" } }], now).errors).toEqual([]);
  });

  it("counts identical copies of an id once, and refuses copies that differ, naming each other's rows", () => {
    const copy = { ...good, id: "same" };
    // Key order and 1 versus 1.0 do not make content differ.
    const reordered = JSON.parse('{"label":"spam","score":0.91,"id":"same","features":{"none":null,"flag":true,"domain":"a.org","length":812.0},"timestamp":"2026-11-20T10:00:00Z","version":"v1","actual":{"timestamp":"2026-11-21T10:00:00+01:00","label":"ham"}}');
    const same = validatePredictionRows(spam, [copy, { ...good, id: "other" }, reordered, copy], now);
    expect(same).toMatchObject({ errors: [], repeats: 2 });
    expect(same.rows.map((r) => r.id)).toEqual(["same", "other"]);

    const differ = validatePredictionRows(spam, [copy, { ...copy, score: 0.2 }, copy, { ...good, id: "fine" }, { ...copy, timestamp: "2026-11-20T11:00:00+01:00" }], now);
    expect(differ.errors).toEqual([
      { index: 0, path: "id", message: "is also the id of rows 1 and 4, with different content; send one version of each id per batch" },
      { index: 1, path: "id", message: "is also the id of rows 0, 2 and 4, with different content; send one version of each id per batch" },
      { index: 2, path: "id", message: "is also the id of rows 1 and 4, with different content; send one version of each id per batch" },
      { index: 4, path: "id", message: "is also the id of rows 0, 1 and 2, with different content; send one version of each id per batch" },
    ]);

    const truths = validateActualRows(spam, [{ id: "t", label: "ham" }, { id: "t", label: "ham" }, { id: "u", label: "ham" }, { id: "u", label: "spam" }], now);
    expect(truths.rows.map((r) => r.id)).toEqual(["t"]);
    expect(truths.errors.map((e) => [e.index, e.message])).toEqual([
      [2, expect.stringContaining("row 3")],
      [3, expect.stringContaining("row 2")],
    ]);
  });

  it("checks multiclass probabilities add up to one and name known classes", () => {
    const multi = { task: "multiclass" as const, classes: ["a", "b", "c"] };
    const { errors } = validatePredictionRows(multi, [{ id: "1", label: "a", probabilities: { a: 0.5, b: 0.2 } }, { id: "2", label: "a", probabilities: { a: 0.5, d: 0.5 } }, { id: "3", label: "c", probabilities: { a: 0.1, b: 0.1, c: 0.8 } }], now);
    expect(errors).toEqual([
      { index: 0, path: "probabilities", message: "must add up to 1 (they add up to 0.700)" },
      { index: 1, path: "probabilities", message: "names unknown classes: d" },
    ]);
  });

  it("checks actuals by task", () => {
    const regression = { task: "regression" as const, classes: [] };
    expect(validateActualRows(regression, [{ id: "1", label: "x" }, { id: "2", value: 3 }], now).errors).toEqual([
      { index: 0, path: "value", message: "is required for a regression model" },
      { index: 0, path: "label", message: "a regression model takes value" },
    ]);
  });
});
