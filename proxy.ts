import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";

/**
 * Sends signed-out visitors to /login. This is a convenience, not the gate: every page, server
 * action and route handler checks the session and role itself.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") login.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but sign-in, machine APIs (they use API keys), health and static files.
  matcher: ["/((?!login|api/|_next/|favicon.ico|robots.txt|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
