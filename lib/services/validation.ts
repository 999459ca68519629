import "server-only";
import type { z } from "zod";
import { findUnstorableText } from "@/lib/validation/storable-text";
import { describeIssue, ServiceError, type FieldErrors } from "./errors";

/**
 * Parses input with a zod schema, or throws invalid_input with a message per field. Every string
 * and key of what the schema lets through must also be text PostgreSQL can store (no NUL, no
 * unpaired surrogate), wherever it sits, so no input reaches a statement that would fail on it.
 * The ingest envelopes opt out (`checkText: false`): their rows are checked row by row, so each
 * refusal can name its row.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, options: { checkText?: boolean } = {}): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    const unstorable = options.checkText === false ? null : findUnstorableText(parsed.data);
    if (unstorable) throw invalidText(unstorable);
    return parsed.data;
  }
  const fieldErrors: FieldErrors = {};
  // Paths and unknown keys are the client's own words: describeIssue quotes at most 100 characters of each.
  const issues = parsed.error.issues.map((issue) => describeIssue(issue as Parameters<typeof describeIssue>[0]));
  for (const issue of issues) (fieldErrors[issue.path || "_form"] ??= []).push(issue.message);
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : "";
  throw new ServiceError("invalid_input", `${where}${first?.message ?? "invalid input"}`, fieldErrors);
}

/** The refusal of text that cannot be stored, named by its path (`_form` for the input itself). */
export function invalidText(found: { path: string; message: string }): ServiceError {
  return new ServiceError("invalid_input", `${found.path ? `${found.path}: ` : ""}${found.message}`, { [found.path || "_form"]: [found.message] });
}
