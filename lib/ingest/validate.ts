import { z } from "zod";
import type { ModelTask } from "@/lib/models/constants";
import { isStorableText } from "@/lib/validation/storable-text";
import { eventTimeProblem } from "@/lib/validation/time";
import { clipInputName, describeIssue } from "@/lib/validation/echo";
import { ActualRow, PredictionRow, type RowError } from "./schemas";
import { resolveRepeatedIds } from "./duplicate-ids";

type ModelShape = { task: ModelTask; classes: string[] };

const PROBABILITY_SUM_TOLERANCE = 0.01;

// The very pattern z.iso.datetime({ offset: true }) tests with, so both checks agree on times.
const DATETIME = z.core.regexes.datetime({ offset: true });
const ROW_KEYS = new Set(["id", "version", "timestamp", "features", "score", "probabilities", "label", "value", "actual"]);
const MAX_FEATURES = 200;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isText = (v: unknown, min: number, max: number): v is string => typeof v === "string" && v.length >= min && v.length <= max && isStorableText(v);

/**
 * The row itself when the zod schema PredictionRow would accept it unchanged, else null ("ask
 * zod"). Nearly every row is fine, and zod costs ~6 µs a row where this costs well under one;
 * it must never accept what PredictionRow refuses (validate.test.ts compares them).
 */
export function fastPredictionRow(raw: unknown): PredictionRow | null {
  if (!isPlainObject(raw)) return null;
  for (const key in raw) if (!ROW_KEYS.has(key)) return null; // the schema is strict()
  if (!isText(raw.id, 1, 200)) return null;
  if (raw.version !== undefined && !isText(raw.version, 1, 100)) return null;
  if (raw.timestamp !== undefined && !(typeof raw.timestamp === "string" && DATETIME.test(raw.timestamp))) return null;
  if (raw.features !== undefined) {
    if (!isPlainObject(raw.features)) return null;
    let count = 0;
    for (const key in raw.features) {
      if (++count > MAX_FEATURES || !isText(key, 1, 100)) return null;
      const value = raw.features[key];
      if (value !== null && typeof value !== "boolean" && !isFiniteNumber(value) && !isText(value, 0, 10_000)) return null;
    }
  }
  if (raw.score !== undefined && !(isFiniteNumber(raw.score) && raw.score >= 0 && raw.score <= 1)) return null;
  if (raw.probabilities !== undefined) {
    if (!isPlainObject(raw.probabilities)) return null;
    for (const key in raw.probabilities) {
      if (!isStorableText(key)) return null;
      const p = raw.probabilities[key];
      if (!(isFiniteNumber(p) && p >= 0 && p <= 1)) return null;
    }
  }
  if (raw.label !== undefined && !isText(raw.label, 1, 100)) return null;
  if (raw.value !== undefined && !isFiniteNumber(raw.value)) return null;
  if (raw.actual !== undefined) {
    // Unknown keys in `actual` go to zod, which names them in its refusal.
    if (!isPlainObject(raw.actual)) return null;
    for (const key in raw.actual) if (key !== "label" && key !== "value" && key !== "timestamp") return null;
    if (raw.actual.label !== undefined && !isText(raw.actual.label, 1, 100)) return null;
    if (raw.actual.value !== undefined && !isFiniteNumber(raw.actual.value)) return null;
    if (raw.actual.timestamp !== undefined && !(typeof raw.actual.timestamp === "string" && DATETIME.test(raw.actual.timestamp))) return null;
  }
  return raw as PredictionRow;
}

function issuesToErrors(index: number, issues: z.core.$ZodIssue[]): RowError[] {
  return issues.map((issue) => {
    const { path, message } = describeIssue(issue as Parameters<typeof describeIssue>[0]);
    // describeIssue clips the client's words; issueMessage makes zod's generic words specific.
    return { index, path: path || "(row)", message: issue.code === "unrecognized_keys" ? message : issueMessage(issue) };
  });
}

/**
 * zod's words, made specific where its own are generic: a bad record key ("Invalid key in
 * record") says what is wrong with the name, and a feature value that matches none of the
 * union's types says why the one of its own type refused it ("Invalid input").
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key" && issue.issues[0]) return `the name ${issue.issues[0].message}`;
  if (issue.code === "invalid_union") {
    const own = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.code !== "invalid_type"));
    if (own?.[0]) return own[0].message;
  }
  return issue.message;
}

export type ValidatedRows<T> = {
  /** The rows to store: each id once, in the order first sent. */
  rows: T[];
  /** Identical copies of a row sent earlier in the batch, left out of `rows`: duplicates. */
  repeats: number;
  /** Every reason a row is refused, by row: the batch is written only when this is empty. */
  errors: RowError[];
};

/** Checks a batch of predictions row by row (see API.md), then ids sent twice (duplicate-ids.ts). */
export function validatePredictionRows(model: ModelShape, rows: unknown[], now = Date.now()): ValidatedRows<PredictionRow> {
  const valid: { index: number; row: PredictionRow }[] = [];
  const errors: RowError[] = [];
  const classes = new Set(model.classes);
  const classList = model.classes.join(", ");

  rows.forEach((raw, index) => {
    let row = fastPredictionRow(raw);
    if (!row) {
      const parsed = PredictionRow.safeParse(raw);
      if (!parsed.success) {
        errors.push(...issuesToErrors(index, parsed.error.issues));
        return;
      }
      row = parsed.data;
    }
    const fail = (path: string, message: string) => errors.push({ index, path, message });
    const before = errors.length;

    checkTime(row.timestamp, "timestamp", now, fail);
    checkTime(row.actual?.timestamp, "actual.timestamp", now, fail);
    if (model.task === "regression") {
      if (row.value === undefined) fail("value", "is required for a regression model");
      if (row.actual?.label !== undefined) fail("actual.label", "a regression model takes actual.value");
    } else {
      if (row.label === undefined) fail("label", "is required for a classifier");
      else if (!classes.has(row.label)) fail("label", `must be one of the model's classes: ${classList}`);
      if (row.actual?.value !== undefined) fail("actual.value", "a classifier takes actual.label");
      if (row.actual?.label !== undefined && !classes.has(row.actual.label)) fail("actual.label", `must be one of the model's classes: ${classList}`);
    }
    if (model.task === "binary" && row.score === undefined) fail("score", "is required for a binary model");
    if (model.task === "multiclass") {
      if (!row.probabilities) fail("probabilities", "are required for a multiclass model");
      else {
        const unknown = Object.keys(row.probabilities).filter((c) => !classes.has(c));
        if (unknown.length) fail("probabilities", `names unknown classes: ${unknown.slice(0, 5).map(clipInputName).join(", ")}${unknown.length > 5 ? ", …" : ""}`);
        const sum = Object.values(row.probabilities).reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) fail("probabilities", `must add up to 1 (they add up to ${sum.toFixed(3)})`);
      }
    }
    if (errors.length === before) valid.push({ index, row });
  });
  return withRepeatedIds(valid, errors);
}

/** Checks a batch of ground truth row by row, then ids sent twice, as for predictions. */
export function validateActualRows(model: ModelShape, rows: unknown[], now = Date.now()): ValidatedRows<ActualRow> {
  const valid: { index: number; row: ActualRow }[] = [];
  const errors: RowError[] = [];
  const classes = new Set(model.classes);
  rows.forEach((raw, index) => {
    const parsed = ActualRow.safeParse(raw);
    if (!parsed.success) {
      errors.push(...issuesToErrors(index, parsed.error.issues));
      return;
    }
    const row = parsed.data;
    const before = errors.length;
    const fail = (path: string, message: string) => errors.push({ index, path, message });
    if (model.task === "regression") {
      if (row.value === undefined) fail("value", "is required for a regression model");
      if (row.label !== undefined) fail("label", "a regression model takes value");
    } else {
      if (row.label === undefined) fail("label", "is required for a classifier");
      else if (!classes.has(row.label)) fail("label", `must be one of the model's classes: ${model.classes.join(", ")}`);
      if (row.value !== undefined) fail("value", "a classifier takes label");
    }
    checkTime(row.timestamp, "timestamp", now, fail);
    if (errors.length === before) valid.push({ index, row });
  });
  return withRepeatedIds(valid, errors);
}

function checkTime(iso: string | undefined, path: string, now: number, fail: (path: string, message: string) => void) {
  if (iso === undefined) return;
  const problem = eventTimeProblem(iso, now);
  if (problem) fail(path, problem);
}

function withRepeatedIds<T extends { id: string }>(valid: { index: number; row: T }[], errors: RowError[]): ValidatedRows<T> {
  const { kept, repeats, errors: repeated } = resolveRepeatedIds(valid);
  if (!repeated.length) return { rows: kept, repeats, errors };
  // In row order, each row's own reasons first.
  const all = [...errors, ...repeated].sort((a, b) => a.index - b.index);
  return { rows: kept, repeats, errors: all };
}
