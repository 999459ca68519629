import type { z } from "zod";
import { findUnstorableText } from "@/lib/validation/storable-text";
import { ServiceError, type FieldErrors } from "./errors";

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
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = parsed.error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  throw new ServiceError("invalid_input", `${where}${first?.message ?? "invalid input"}`, fieldErrors);
}

/** The refusal of text that cannot be stored, named by its path (`_form` for the input itself). */
export function invalidText(found: { path: string; message: string }): ServiceError {
  return new ServiceError("invalid_input", `${found.path ? `${found.path}: ` : ""}${found.message}`, { [found.path || "_form"]: [found.message] });
}
