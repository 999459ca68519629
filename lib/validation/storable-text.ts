import { z } from "zod";

/**
 * Text PostgreSQL can store as it was sent. A `text` column refuses NUL (U+0000), and `jsonb`
 * refuses both `\u0000` and unpaired UTF-16 surrogates; the driver would turn an unpaired
 * surrogate in a `text` parameter into U+FFFD, so an id would be stored as something else and
 * never match again. Both are refused at the edge (a 400, or a field error in a form) rather than
 * failing the statement (a 500 that names no field) or being changed silently. Pure: forms may
 * import it.
 */

const NUL_MESSAGE = "must not contain NUL (\\u0000) characters";
const SURROGATE_MESSAGE = "must not contain unpaired UTF-16 surrogates (\\ud800–\\udfff): it is not valid Unicode";

// String.prototype.isWellFormed is native in Node 20 and current browsers; older browsers get the pattern.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (text) => (text as string & { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/** True when PostgreSQL stores `text` exactly as it is: no NUL and no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return text.indexOf("\0") === -1 && wellFormed(text);
}

/** Why `text` cannot be stored, for a person; null when it can. */
export function unstorableTextProblem(text: string): string | null {
  if (text.indexOf("\0") !== -1) return NUL_MESSAGE;
  if (!wellFormed(text)) return SURROGATE_MESSAGE;
  return null;
}

/** The zod check: `storableText(z.string().min(1).max(200))`, also for record keys. */
export function storableText<S extends z.ZodString>(schema: S): S {
  return schema.check((ctx) => {
    const problem = unstorableTextProblem(ctx.value);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  }) as S;
}

/**
 * The first string or object key anywhere in `value` that PostgreSQL cannot store, with its
 * path (`definition.name`, `labels.3.label`); null when there is none. Walks with a stack of its
 * own, each entry linked to its parent (the path is spelt out only for what it finds), so input
 * nested a hundred thousand deep costs time in proportion to its size and cannot overflow the
 * call stack.
 */
export function findUnstorableText(value: unknown): { path: string; message: string } | null {
  type Step = { value: unknown; key: string | null; parent: Step | null };
  const pathOf = (step: Step, last?: string) => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let s: Step | null = step; s && s.key !== null; s = s.parent) keys.push(s.key);
    return keys.reverse().join(".");
  };
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === "string") {
      const problem = unstorableTextProblem(current);
      if (problem) return { path: pathOf(step), message: problem };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: String(i), parent: step });
    } else if (current !== null && typeof current === "object" && isPlainRecord(current)) {
      for (const [key, child] of Object.entries(current)) {
        const problem = unstorableTextProblem(key);
        if (problem) return { path: pathOf(step, displayKey(key)), message: `its field names ${problem}` };
        stack.push({ value: child, key, parent: step });
      }
    }
  }
  return null;
}

const isPlainRecord = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** A key that cannot be stored cannot be shown as it is either: its bad characters as escapes. */
const displayKey = (key: string) => key.replace(/[\0\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
