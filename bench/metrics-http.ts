import { percentile, round } from "./measure";

// HTTP helpers of the metrics benchmark: a next-auth credentials sign-in, and timed GETs that
// read the whole body (the time a browser or script waits for the full answer).

/** Cookies as a Cookie header, kept across responses. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      if (at > 0) this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

/**
 * Signs in through next-auth's credentials provider as the browser's form does: the CSRF token
 * (and its cookie) from GET /api/auth/csrf, then a form POST to the credentials callback. Returns
 * the Cookie header that carries the session.
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/`, json: "true" }),
  });
  jar.take(response);
  await response.arrayBuffer();
  if (!jar.has("next-auth.session-token")) throw new Error(`Sign-in failed: ${response.status} ${response.headers.get("location") ?? ""}`);
  return jar.header();
}

export type Timings = { requests: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; minMs: number; meanMs: number; bytes: number; samplesMs: number[] };

export function summarise(samples: number[], bytes: number): Timings {
  return {
    requests: samples.length,
    p50Ms: round(percentile(samples, 50), 1),
    p95Ms: round(percentile(samples, 95), 1),
    p99Ms: round(percentile(samples, 99), 1),
    maxMs: round(Math.max(...samples), 1),
    minMs: round(Math.min(...samples), 1),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length, 1),
    bytes,
    samplesMs: samples.map((s) => round(s, 1)),
  };
}

/**
 * One GET, timed from the request to the last byte of the body. Anything but a 200 throws, with
 * the start of the body: a redirect to /login or an error page must not pass for a fast answer.
 */
export async function timedGet(url: string, headers: Record<string, string>, check?: (body: string) => string | null): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} ${response.headers.get("location") ?? ""}: ${body.slice(0, 300)}`);
  const problem = check?.(body);
  if (problem) throw new Error(`GET ${url}: ${problem}`);
  return { ms, body };
}
