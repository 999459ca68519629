// Callback URLs an attacker would try for an open redirect after sign-in (issue #13), as the
// sign-in page sees them once the query string is decoded. Used by lib/auth/callback-url.test.ts
// and e2e/security-redirects.spec.ts.

/** As the query string delivers them: the sign-in page sees each one decoded once. */
export const OPEN_REDIRECT_ATTEMPTS = [
  "/\t/127.0.0.1:8999/x",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\t\\evil.example",
  "\t//evil.example",
  " //evil.example",
  "//evil.example",
  "///evil.example",
  "//evil.example/%2F..",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/x/../\t/evil.example",
  "https://evil.example/",
  "http:evil.example",
  "http:/evil.example",
  "https:\\\\evil.example",
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "%2F%2Fevil.example",
  "%09/evil.example",
  "evil.example",
  "",
];
