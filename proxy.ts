import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { PAGE_PATH_HEADER } from "@/lib/auth/page-permissions";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

/** Pages a signed-out visitor may see. */
const PUBLIC_PAGES = new Set(["/login"]);

/**
 * Gives every page its Content-Security-Policy with a fresh nonce (Next.js reads it from the
 * request and puts it on its scripts), and sends signed-out visitors to /login. The redirect is a
 * convenience, not the gate: every page, server action and route handler checks the session
 * (and whether it is still live) and role itself.
 */
export async function proxy(request: NextRequest) {
  const config = env();
  if (!PUBLIC_PAGES.has(request.nextUrl.pathname)) {
    const token = await getToken({ req: request, secret: config.NEXTAUTH_SECRET });
    if (!token) {
      const login = new URL("/login", request.url);
      const back = safeCallbackPath(request.nextUrl.pathname + request.nextUrl.search);
      if (back !== "/") login.searchParams.set("callbackUrl", back);
      return NextResponse.redirect(login);
    }
  }
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, config.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  // Which page was asked for, for the app layout's 403 and 404 (set here, whatever the client sent).
  requestHeaders.set(PAGE_PATH_HEADER, request.nextUrl.pathname);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Every page, the sign-in page included; not machine APIs (they use API keys and get their
  // headers from next.config.ts), health, Next.js's own files or static files.
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt|.*\\.(?:png|svg|ico|css|js|txt|json)$).*)"],
};
