import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import type { SignInLimits } from "@/lib/auth/sign-in-limits";
import { ServiceError } from "../errors";
import { checkPasswordWithinLimits } from "./check-password";
import { toPublicUser, type PublicUser } from "./public-user";

export const WRONG_CREDENTIALS_MESSAGE = "That e-mail and password do not match an active account.";

/**
 * Signs a person in with e-mail and password, within the sign-in limits (lib/auth/sign-in-limits.ts).
 * A wrong password, an unknown account and a deactivated one get the same answer.
 */
export async function authenticate(
  db: Database,
  input: { email: string; password: string; address: string | null },
  limits: SignInLimits,
  now = new Date(),
): Promise<PublicUser> {
  const user = await checkPasswordWithinLimits(db, input, limits, now);
  if (!user) throw new ServiceError("unauthorized", WRONG_CREDENTIALS_MESSAGE);
  await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
  return toPublicUser(user);
}
