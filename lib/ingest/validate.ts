import type { z } from "zod";
import type { ModelTask } from "@/lib/models/constants";
import { ActualRow, PredictionRow, type RowError } from "./schemas";

type ModelShape = { task: ModelTask; classes: string[] };

const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const PROBABILITY_SUM_TOLERANCE = 0.01;

function issuesToErrors(index: number, issues: z.core.$ZodIssue[]): RowError[] {
  return issues.map((i) => ({ index, path: i.path.join(".") || "(row)", message: i.message }));
}

/** Every reason a row is refused, per row: the batch is written only when this is empty. */
export function validatePredictionRows(model: ModelShape, rows: unknown[], now = Date.now()): { rows: PredictionRow[]; errors: RowError[] } {
  const valid: PredictionRow[] = [];
  const errors: RowError[] = [];
  const classes = new Set(model.classes);
  const classList = model.classes.join(", ");

  rows.forEach((raw, index) => {
    const parsed = PredictionRow.safeParse(raw);
    if (!parsed.success) {
      errors.push(...issuesToErrors(index, parsed.error.issues));
      return;
    }
    const row = parsed.data;
    const fail = (path: string, message: string) => errors.push({ index, path, message });
    const before = errors.length;

    if (row.timestamp && Date.parse(row.timestamp) > now + MAX_FUTURE_SKEW_MS) fail("timestamp", "must not be in the future");
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
        if (unknown.length) fail("probabilities", `names unknown classes: ${unknown.join(", ")}`);
        const sum = Object.values(row.probabilities).reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) fail("probabilities", `must add up to 1 (they add up to ${sum.toFixed(3)})`);
      }
    }
    if (errors.length === before) valid.push(row);
  });
  return { rows: valid, errors };
}

export function validateActualRows(model: ModelShape, rows: unknown[], now = Date.now()): { rows: ActualRow[]; errors: RowError[] } {
  const valid: ActualRow[] = [];
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
    if (row.timestamp && Date.parse(row.timestamp) > now + MAX_FUTURE_SKEW_MS) fail("timestamp", "must not be in the future");
    if (errors.length === before) valid.push(row);
  });
  return { rows: valid, errors };
}
