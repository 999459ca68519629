import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { findSessionUser } from "@/lib/services/users/find-session-user";
import { assertPermission, type ServiceContext, type UserActor } from "@/lib/services/context";
import { ServiceError } from "@/lib/services/errors";
import { roleCan, type Permission } from "./roles";
import { authOptions } from "./options";

/** The signed-in, still active user, read fresh from the database; null when signed out. */
export async function getSessionUser(): Promise<UserActor | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  return id ? findSessionUser(getDb(), id) : null;
}

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

/** For pages: redirect to sign-in when signed out, to /forbidden when the role does not fit. */
export async function requirePageUser(permission: Permission): Promise<ServiceContext & { actor: UserActor }> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (!roleCan(user.role, permission)) redirect("/forbidden");
  return { db: getDb(), actor: user };
}
