import { describe, expect, it } from "vitest";
import { OPEN_REDIRECT_ATTEMPTS } from "@/test/open-redirect-attempts";
import { safeCallbackPath, safeRedirectUrl } from "./callback-url";

// Issue #13: `/login?callbackUrl=/%09/127.0.0.1:8999/x` passed the old check and the browser,
// dropping the tab, went to //127.0.0.1:8999/x. Every string here is one an attacker would try;
// each must come out as a path that a browser resolves on Vigil's own origin.

const ORIGIN = "https://vigil.example";

function staysHome(path: string): boolean {
  return path.startsWith("/") && !/^\/[/\\]/.test(path) && !/[\t\n\r\\]/.test(path) && new URL(path, ORIGIN).origin === ORIGIN;
}

describe("safeCallbackPath", () => {
  it.each(OPEN_REDIRECT_ATTEMPTS)("sends %j home", (attempt) => {
    expect(safeCallbackPath(attempt)).toBe("/");
  });

  it("keeps percent-encoded forms as paths on Vigil's origin (a browser does not decode them in a path)", () => {
    for (const encoded of ["/%09/127.0.0.1:8999/x", "/%2F/evil.example", "/%5Cevil.example", "/%0A/evil.example", "/%2f%2fevil.example"]) {
      const path = safeCallbackPath(encoded);
      expect(staysHome(path), `${encoded} → ${path}`).toBe(true);
      expect(path).toBe(encoded);
    }
  });

  it("keeps a same-origin path with its query and fragment", () => {
    expect(safeCallbackPath("/models/spam-filter?range=7d&bucket=hour#drift")).toBe("/models/spam-filter?range=7d&bucket=hour#drift");
    expect(safeCallbackPath("/settings/users")).toBe("/settings/users");
    expect(safeCallbackPath("/")).toBe("/");
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 42, ["/a", "/b"], { href: "/" }]) expect(safeCallbackPath(value)).toBe("/");
  });

  it("never answers a path a browser would take elsewhere, whatever the input", () => {
    const pieces = ["/", "\\", "\t", "\n", "\r", " ", ".", "..", "%09", "%2F", "evil.example", ":", "@", "?", "#", "javascript:", "http:"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const input = Array.from({ length: 1 + (next() % 8) }, () => pieces[next() % pieces.length]).join("");
      const path = safeCallbackPath(input);
      expect(staysHome(path), `${JSON.stringify(input)} → ${JSON.stringify(path)}`).toBe(true);
    }
  });
});

describe("safeRedirectUrl (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";

  it("keeps paths and absolute URLs on Vigil's origin", () => {
    expect(safeRedirectUrl("/actions", base)).toBe("http://localhost:3000/actions");
    expect(safeRedirectUrl("http://localhost:3000/login?x=1", base)).toBe("http://localhost:3000/login?x=1");
  });

  it.each([...OPEN_REDIRECT_ATTEMPTS, "http://localhost:3001/", "http://localhost.evil.example:3000/", "http://localhost:3000//evil.example"])("sends %j home", (attempt) => {
    expect(safeRedirectUrl(attempt, base)).toBe("http://localhost:3000/");
  });
});
