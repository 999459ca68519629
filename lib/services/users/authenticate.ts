import { and, eq, gt, count, max, min } from "drizzle-orm";
import { signInAttempts, users } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { decideSignIn, describeRetry, type SignInLimits } from "@/lib/auth/sign-in-limits";
import { ServiceError } from "../errors";
import { toPublicUser, type PublicUser } from "./public-user";

export const WRONG_CREDENTIALS_MESSAGE = "That e-mail and password do not match an active account.";

/**
 * Checks an e-mail and password, within the per-account and per-address failure limits. Every
 * attempt is recorded; the limits count failures in the window (for an account, since its last
 * success), so an attacker cannot lock a person out for longer than the window.
 */
export async function authenticate(
  db: Database,
  input: { email: string; password: string; address: string },
  limits: SignInLimits,
  now = new Date(),
): Promise<PublicUser> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);

  const [lastSuccess] = await db
    .select({ at: max(signInAttempts.at) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, true), gt(signInAttempts.at, since)));
  const accountSince = lastSuccess?.at ?? since;

  const failures = (column: typeof signInAttempts.email | typeof signInAttempts.address, value: string, from: Date) =>
    db
      .select({ n: count(), oldest: min(signInAttempts.at) })
      .from(signInAttempts)
      .where(and(eq(column, value), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, from)));
  const [[account], [address]] = await Promise.all([
    failures(signInAttempts.email, email, accountSince),
    failures(signInAttempts.address, input.address, since),
  ]);

  const decision = decideSignIn(
    {
      accountFailures: account?.n ?? 0,
      oldestAccountFailureAt: account?.oldest ?? null,
      addressFailures: address?.n ?? 0,
      oldestAddressFailureAt: address?.oldest ?? null,
    },
    limits,
    now,
  );
  if (!decision.allowed) {
    throw new ServiceError(
      "rate_limited",
      `Too many failed sign-in attempts ${decision.reason === "account" ? "for this account" : "from your address"}. ` +
        `Try again in ${describeRetry(decision.retryAfterSeconds)}.`,
    );
  }

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  const succeeded = Boolean(user && user.active && user.passwordHash && passwordOk);

  await db.insert(signInAttempts).values({ email, address: input.address, succeeded, at: now });
  if (!succeeded || !user) throw new ServiceError("unauthorized", WRONG_CREDENTIALS_MESSAGE);

  await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
  return toPublicUser(user);
}
