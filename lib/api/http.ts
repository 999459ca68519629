import "server-only";
import { getDb, type Database } from "@/lib/db/client";
import { getSessionUser } from "@/lib/session/session";
import { clipInputName, ERROR_STATUS, ServiceError } from "@/lib/services/errors";
import { authenticateApiKey } from "@/lib/services/api-keys";
import type { ApiKeyActor, ServiceContext, UserActor } from "@/lib/services/context";
import { unstorableTextProblem } from "@/lib/validation/storable-text";

// What every machine-facing route shares: the key check, the body limits, one error shape. Routes
// get the database (and the session) here, so a file under app/api is only wiring; tests pass
// their own database as `deps`.

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export type RouteDeps = { db: () => Database };
export type KeyContext = { db: Database; actor: ApiKeyActor };
export type ReaderDeps = RouteDeps & { sessionUser: () => Promise<UserActor | null> };

/** What a route uses in the server: the process's database and the signed-in session. */
export const serverDeps: ReaderDeps = { db: getDb, sessionUser: getSessionUser };

/** A handler as Next.js calls it: the request, and the path's parameters for dynamic segments. */
export type RouteHandler<P> = (request: Request, context?: { params: Promise<P> }) => Promise<Response>;
type PathParams = Record<string, string>;

/** Longest string an error answer carries. */
const MAX_ERROR_STRING = 300;

/**
 * The backstop for every error answer: services quote at most MAX_ECHOED_INPUT characters of a
 * client's input (quoteInput, describeIssue), and whatever slips past them is cut here, so an
 * error never sends a client's 20 KB back: strings to MAX_ERROR_STRING, keys to MAX_ECHOED_INPUT.
 */
function capEchoes(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.length > MAX_ERROR_STRING ? `${value.slice(0, MAX_ERROR_STRING)}…` : value;
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => capEchoes(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [clipInputName(k), capEchoes(v, depth + 1)]));
}

/** `{"error": "<code>", "message": "…"}` plus details, with the status API.md gives each code. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ServiceError) {
    const body: Record<string, unknown> = { error: error.api?.error ?? error.code, message: error.message, ...error.api?.details };
    if (error.fieldErrors && !error.api?.details) body.fields = error.fieldErrors;
    const headers: Record<string, string> = error.code === "unauthorized" ? { "WWW-Authenticate": 'Bearer realm="vigil"' } : {};
    return Response.json(capEchoes(body), { status: ERROR_STATUS[error.code], headers });
  }
  console.error("[vigil] API error", error);
  return Response.json({ error: "internal", message: "Something went wrong on the server." }, { status: 500 });
}

/** Reads a JSON body: 415 unless it says JSON, 413 past the limit (counted as it streams in). */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ServiceError("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  const tooLarge = () => new ServiceError("payload_too_large", `The body is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MiB; send smaller batches.`);
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError("invalid_input", "The body is not valid JSON.", undefined, { error: "invalid_json" });
  }
}

/**
 * A 400 for a URL whose path or query holds text PostgreSQL cannot store (`/api/v1/alerts?model=%00`),
 * before any handler hands a parameter to a query. (An unpaired surrogate cannot arrive in a URL:
 * percent-decoding reads UTF-8, and a malformed sequence becomes U+FFFD or, in a path, a 400 here.)
 */
export function checkUrlText(request: Request): void {
  const url = new URL(request.url);
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new ServiceError("invalid_input", "The URL's path is not valid percent-encoded UTF-8.");
    }
    const problem = unstorableTextProblem(decoded);
    if (problem) throw new ServiceError("invalid_input", `The URL's path ${problem}.`);
  }
  for (const [name, value] of url.searchParams) {
    const problem = unstorableTextProblem(name) ?? unstorableTextProblem(value);
    if (problem) throw new ServiceError("invalid_input", `The query parameter ${JSON.stringify(name)} ${problem}.`, { [name]: [problem] });
  }
}

/**
 * The shell of every route: refuses a URL with text PostgreSQL cannot store, and turns errors into
 * the JSON error shape. Callers that prove themselves with a token of their own (a pipeline's run
 * token, a deploy target's deployment token) use it directly; the service checks the token.
 */
export function tokenRoute<P = PathParams>(deps: RouteDeps, handler: (db: Database, request: Request, params: P) => Promise<Response>): RouteHandler<P> {
  return async (request, context) => {
    try {
      checkUrlText(request);
      return await handler(deps.db(), request, ((await context?.params) ?? {}) as P);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The one gate of routes for machine clients: authenticates the API key, then runs the handler. */
export function keyRoute<P = PathParams>(deps: RouteDeps, handler: (ctx: KeyContext, request: Request, params: P) => Promise<Response>): RouteHandler<P> {
  return tokenRoute<P>(deps, async (db, request, params) => handler({ db, actor: await authenticateApiKey(db, request.headers.get("authorization")) }, request, params));
}

/**
 * A read route for machines and people alike: an API key when an Authorization header is sent,
 * otherwise the signed-in session (the dashboard's own fetches).
 */
export function readerRoute<P = PathParams>(deps: ReaderDeps, handler: (ctx: ServiceContext, request: Request, params: P) => Promise<Response>): RouteHandler<P> {
  const byKey = keyRoute<P>(deps, handler);
  const bySession = tokenRoute<P>(deps, async (db, request, params) => {
    const user = await deps.sessionUser();
    if (!user) throw new ServiceError("unauthorized", "Send an API key as `Authorization: Bearer vgl_…`, or sign in.");
    return handler({ db, actor: user }, request, params);
  });
  return (request, context) => (request.headers.get("authorization") ? byKey(request, context) : bySession(request, context));
}
