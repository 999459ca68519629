// A small client of Vigil's public HTTP API (API.md) for the simulator. It knows nothing of the
// database: what it can do, any outside caller can.

/** An answer that retrying will not change: a refused key, an unknown model, a refused batch. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRefusal";
  }
}

/** A request given up because the run is stopping, while it waited to retry. */
export class RequestAbandoned extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequestAbandoned";
  }
}

export type ApiClientOptions = {
  baseUrl: string;
  apiKey: string;
  /** Attempts per request before giving up on 5xx, 429 and network errors. */
  maxAttempts?: number;
  /** Cuts a backoff short and gives up the request, so Ctrl-C does not sit out a wait. A request
   * already on the wire is left to finish: its answer keeps the counts true. */
  signal?: AbortSignal;
  onRetry?: (attempt: number, reason: string, waitMs: number) => void;
};

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export class VigilApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  /** POSTs JSON. Safe to retry for ingest: the API stores each prediction id once. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("POST", path, JSON.stringify(body));
  }

  private async request<T>(method: string, path: string, body?: string): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    // Relative to the base, so a Vigil served under a path prefix (https://host/vigil) works too.
    const base = this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`;
    const url = new URL(path.replace(/^\/+/, ""), base);
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let retryAfterMs: number | null = null;
      try {
        const response = await fetch(url, {
          method,
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
        });
        const text = await response.text();
        if (response.ok) return JSON.parse(text) as T;
        const answer = parseError(text);
        if (response.status < 500 && response.status !== 429) throw new ApiRefusal(response.status, answer.error, answer.message);
        reason = `${response.status} ${answer.message}`;
        retryAfterMs = retryAfter(response.headers.get("retry-after"));
      } catch (error) {
        if (error instanceof ApiRefusal) throw error;
        reason = describeNetworkError(error, url);
      }
      if (attempt >= maxAttempts) throw new Error(`${method} ${url.pathname} failed ${attempt} times; last: ${reason}`);
      const waitMs = retryAfterMs ?? Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      this.options.onRetry?.(attempt, reason, waitMs);
      await sleep(waitMs, this.options.signal);
      if (this.options.signal?.aborted) throw new RequestAbandoned(`${method} ${url.pathname} was given up on stopping (last failure: ${reason})`);
    }
  }
}

function parseError(text: string): { error: string; message: string } {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    return { error: String(parsed.error ?? "unknown"), message: String(parsed.message ?? text) };
  } catch {
    return { error: "unknown", message: text.slice(0, 200) || "(empty answer)" };
  }
}

function retryAfter(header: string | null): number | null {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) ? Math.min(MAX_BACKOFF_MS * 6, seconds * 1_000) : null;
}

function describeNetworkError(error: unknown, url: URL): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const message = error instanceof Error ? error.message : String(error);
  return `${url.origin} did not answer (${cause ?? message})`;
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
