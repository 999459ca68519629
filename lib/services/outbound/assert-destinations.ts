import "server-only";
import { checkUrlShape } from "@/lib/outbound/address-policy";
import { OutboundRefused, resolveAllowed } from "@/lib/outbound/resolve";
import { ServiceError, type FieldErrors } from "../errors";

/** How long saving waits for a name to resolve; a slow or silent resolver leaves the decision to connect time. */
const SAVE_RESOLVE_TIMEOUT_MS = 3000;

/**
 * Why Vigil would not call this URL, or null. Checked when a URL is saved: the shape (http or
 * https, no credentials), then the host's addresses as the resolver gives them now. A name that
 * does not resolve yet is accepted; every call checks again on the address it connects to.
 */
export async function destinationProblem(url: string): Promise<string | null> {
  const checked = checkUrlShape(url);
  if (!checked.ok) return checked.problem;
  // Settled either way, so a late rejection after the timeout is never left unhandled.
  const verdict = resolveAllowed(checked.shape.hostName).then(
    () => null,
    (error: unknown) => (error instanceof OutboundRefused ? error.message : null),
  );
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SAVE_RESOLVE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([verdict, patience]);
  } finally {
    clearTimeout(timer);
  }
}

/** Throws invalid_input (a 400, or field errors in a form) naming each URL Vigil would not call. */
export async function assertDestinations(urls: Record<string, string | null | undefined>): Promise<void> {
  const fieldErrors: FieldErrors = {};
  for (const [field, url] of Object.entries(urls)) {
    if (!url) continue;
    const problem = await destinationProblem(url);
    if (problem) fieldErrors[field] = [problem];
  }
  const fields = Object.keys(fieldErrors);
  if (fields.length) throw new ServiceError("invalid_input", `${fields[0]}: ${fieldErrors[fields[0]!]![0]}`, fieldErrors);
}
