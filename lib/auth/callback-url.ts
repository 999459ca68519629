// Where to go after signing in. Every reader of a callback URL (the sign-in page, next-auth's
// redirect callback, the proxy) goes through here: an open redirect after sign-in would hand a
// phisher a link on Vigil's own address.

/** A stand-in origin: the check is whether the browser would stay on whatever origin Vigil has. */
const HOME = "http://vigil.invalid";

/**
 * The same-origin path a callback URL leads to, or "/" for anything else. The value is parsed
 * with the WHATWG URL parser, as a browser parses a Location header: it drops tabs and newlines,
 * reads a backslash as a slash and `//host` as another host, so "/\t/evil.example" is refused
 * although it starts with one slash. The answer is the parsed path (tabs and newlines gone,
 * percent-encoding kept), and never one that starts with "//" or "/\".
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2000) return "/";
  let parsed: URL;
  try {
    parsed = new URL(value, HOME);
  } catch {
    return "/";
  }
  if (parsed.origin !== HOME) return "/";
  const path = parsed.pathname + parsed.search + parsed.hash;
  return /^\/[/\\]/.test(path) ? "/" : path;
}

/**
 * For next-auth, which also hands over absolute URLs on Vigil's own origin (its client sends the
 * current page's address): those keep their path; any other origin, or anything unreadable, goes home.
 */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let path = url;
  if (!url.startsWith("/")) {
    try {
      const absolute = new URL(url);
      path = absolute.origin === base.origin ? absolute.pathname + absolute.search + absolute.hash : "/";
    } catch {
      path = "/";
    }
  }
  return new URL(safeCallbackPath(path), base).toString();
}
