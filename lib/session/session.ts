import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { forbidden, notFound, redirect } from "next/navigation";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { findSessionUser } from "@/lib/services/users";
import { pageTargetExists } from "@/lib/services/pages";
import { assertPermission, type ServiceContext, type UserActor } from "@/lib/services/context";
import { ServiceError } from "@/lib/services/errors";
import { roleCan, type Permission } from "@/lib/auth/roles";
import { PAGE_PATH_HEADER, permissionForPage } from "@/lib/auth/page-permissions";

/** The session cookie's contents (a next-auth JWT): who, and which recorded session. */
async function readSessionToken(requestHeaders: Headers): Promise<{ userId: string | undefined; sessionId: string | undefined } | null> {
  const config = env();
  const token = await getToken({
    req: new NextRequest("http://vigil.invalid/", { headers: requestHeaders }),
    secret: config.NEXTAUTH_SECRET,
    secureCookie: (config.NEXTAUTH_URL ?? "").startsWith("https://"),
  });
  if (!token) return null;
  return { userId: token.sub, sessionId: typeof token.sid === "string" ? token.sid : undefined };
}

/**
 * The signed-in, still active user of a live session, read fresh from the database (once per
 * request); null when signed out, or when the session was ended on the server.
 */
export const getSessionUser = cache(async (): Promise<UserActor | null> => {
  const token = await readSessionToken(await headers());
  return token ? findSessionUser(getDb(), token) : null;
});

/**
 * The one gate every server action and route handler calls: a signed-in user whose role has the
 * permission, or a ServiceError (401 or 403). The proxy only redirects; this is the real check.
 */
export async function requireUser(permission: Permission): Promise<ServiceContext & { actor: UserActor }> {
  const user = await getSessionUser();
  if (!user) throw new ServiceError("unauthorized", "Sign in first.");
  assertPermission(user, permission);
  return { db: getDb(), actor: user };
}

/** For pages: redirect to sign-in when signed out; the refusal page (403) when the role does not fit. */
export async function requirePageUser(permission: Permission): Promise<ServiceContext & { actor: UserActor }> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (!roleCan(user.role, permission)) forbidden();
  return { db: getDb(), actor: user };
}

/**
 * For the app layout, before anything streams: the page asked for (proxy.ts names it) must be
 * open to the user's role (else 403) and what it names must exist (else 404). Once a loading
 * boundary has streamed, the status is fixed at 200, so the pages' own checks come too late.
 */
export async function requirePageOfPath(): Promise<ServiceContext & { actor: UserActor }> {
  const path = (await headers()).get(PAGE_PATH_HEADER);
  const ctx = await requirePageUser(path ? permissionForPage(path) : "models.view");
  if (path && !(await pageTargetExists(ctx.db, path))) notFound();
  return ctx;
}
