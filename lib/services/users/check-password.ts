import "server-only";
import { and, count, eq, gt, min, ne, or, isNull, sql } from "drizzle-orm";
import { signInAttempts, users, type User } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { decideSignIn, refusalMessage, type SignInLimits } from "@/lib/auth/sign-in-limits";
import { ServiceError } from "../errors";

/** How long a successful sign-in makes its address familiar to the account (no delays from there). */
export const KNOWN_ADDRESS_DAYS = 30;

/**
 * Checks an account's password within the sign-in limits, for signing in and for confirming
 * one's own password. The decision and the attempt's record happen in one transaction under
 * advisory locks on the account and the address, so parallel attempts queue for the decision:
 * each one counts the others already let through (their rows say `succeeded: null` until the
 * check ends, and count as failures), and no race lets more checks through than the limits.
 * Unknown e-mails are checked against a dummy hash and recorded alike, so answers and timing say
 * nothing about which accounts exist. Returns the user when the password is right.
 */
export async function checkPasswordWithinLimits(
  db: Database,
  input: { email: string; password: string; address: string | null },
  limits: SignInLimits,
  now = new Date(),
): Promise<User | null> {
  const email = input.email.trim().toLowerCase();
  const attemptId = await reserveAttempt(db, email, input.address, limits, now);
  let succeeded = false;
  let user: User | undefined;
  try {
    [user] = await db.select().from(users).where(eq(users.email, email));
    const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    succeeded = Boolean(user && user.active && user.passwordHash && passwordOk);
  } finally {
    await db.update(signInAttempts).set({ succeeded }).where(eq(signInAttempts.id, attemptId));
  }
  return succeeded ? user! : null;
}

async function reserveAttempt(db: Database, email: string, address: string | null, limits: SignInLimits, now: Date): Promise<number> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  return db.transaction(async (tx) => {
    // Always the account first, then the address: two attempts never wait for each other in a circle.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`vigil-sign-in-account:${email}`}, 0))`);
    if (address !== null) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`vigil-sign-in-address:${address}`}, 0))`);

    const accountAttempts = await tx
      .select({ at: signInAttempts.at, address: signInAttempts.address, succeeded: signInAttempts.succeeded })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email), gt(signInAttempts.at, since)));
    const notSucceeded = or(isNull(signInAttempts.succeeded), ne(signInAttempts.succeeded, true));
    const [fromAddress] = address === null ? [] : await tx
      .select({ n: count(), oldest: min(signInAttempts.at) })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.address, address), notSucceeded, gt(signInAttempts.at, since)));
    const [known] = address === null ? [] : await tx
      .select({ at: signInAttempts.at })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email), eq(signInAttempts.address, address), eq(signInAttempts.succeeded, true), gt(signInAttempts.at, new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000))))
      .limit(1);

    const decision = decideSignIn(
      { accountAttempts, addressFailures: fromAddress?.n ?? 0, oldestAddressFailureAt: fromAddress?.oldest ?? null, knownAddress: Boolean(known) },
      address,
      limits,
      now,
    );
    if (!decision.allowed) throw new ServiceError("rate_limited", refusalMessage(decision));
    const [attempt] = await tx.insert(signInAttempts).values({ email, address, succeeded: null, at: now }).returning({ id: signInAttempts.id });
    return attempt!.id;
  });
}
