import type { z } from "zod";
import { ServiceError, type FieldErrors } from "./errors";

/** Parses input with a zod schema, or throws invalid_input with a message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = parsed.error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  throw new ServiceError("invalid_input", `${where}${first?.message ?? "invalid input"}`, fieldErrors);
}
