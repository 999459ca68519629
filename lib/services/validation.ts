import type { z } from "zod";
import { describeIssue, ServiceError, type FieldErrors } from "./errors";

/** Parses input with a zod schema, or throws invalid_input with a message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldErrors = {};
  // Paths and unknown keys are the client's own words: describeIssue quotes at most 100 characters of each.
  const issues = parsed.error.issues.map((issue) => describeIssue(issue as Parameters<typeof describeIssue>[0]));
  for (const issue of issues) (fieldErrors[issue.path || "_form"] ??= []).push(issue.message);
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : "";
  throw new ServiceError("invalid_input", `${where}${first?.message ?? "invalid input"}`, fieldErrors);
}
