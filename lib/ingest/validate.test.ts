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

  it("refuses times more than five minutes ahead", () => {
    const { errors } = validatePredictionRows(spam, [{ ...good, timestamp: "2026-11-27T12:06:00Z" }, { ...good, timestamp: "2026-11-27T12:04:00Z" }], now);
    expect(errors).toEqual([{ index: 0, path: "timestamp", message: "must not be in the future" }]);
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
