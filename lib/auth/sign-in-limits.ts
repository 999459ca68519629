// The pure decision for sign-in limits; lib/services/users/authenticate.ts feeds it the attempts
// recorded in sign_in_attempts, under a lock, so that concurrent attempts cannot both slip under.
//
// Three limits, chosen so that nobody can lock a person out from another address:
// - one address on one account: a hard stop after a few failures, which only stops that address;
// - one address over all accounts: a hard stop for an address guessing many accounts;
// - one account from anywhere: past a few failures each further password check from an address
//   that never signed in to the account waits a growing delay (1 s, 2 s, 4 s, … up to a ceiling),
//   which slows a guesser spread over many addresses to one guess per ceiling, while the owner,
//   signing in from an address they used before, is not delayed at all.

export type SignInLimits = {
  maxFailuresPerAccountAndAddress: number;
  maxFailuresPerAddress: number;
  /** Failures an account takes from anywhere before delays start. */
  maxFailuresPerAccount: number;
  maxDelaySeconds: number;
  windowMinutes: number;
};

/** A recorded attempt on the account; `succeeded` is null while its password check runs (it counts as a failure). */
export type AccountAttempt = { at: Date; address: string | null; succeeded: boolean | null };

export type AttemptHistory = {
  /** The account's attempts inside the window, any order. */
  accountAttempts: AccountAttempt[];
  /** Failures from this address over every account inside the window, and the oldest one's time. */
  addressFailures: number;
  oldestAddressFailureAt: Date | null;
  /** This address has signed in to this account before (kept 30 days): its owner's usual place. */
  knownAddress: boolean;
};

export type SignInRefusal = "account-and-address" | "address" | "account-delay";
export type SignInDecision = { allowed: true } | { allowed: false; reason: SignInRefusal; retryAfterSeconds: number };

const failed = (a: AccountAttempt) => a.succeeded !== true;
const latest = (attempts: AccountAttempt[]) => attempts.reduce<Date | null>((max, a) => (max === null || a.at > max ? a.at : max), null);
const earliest = (attempts: AccountAttempt[]) => attempts.reduce<Date | null>((min, a) => (min === null || a.at < min ? a.at : min), null);

/** The wait after the account's `failures`-th failure: none up to the limit, then 1 s doubling up to the ceiling. */
export function accountDelaySeconds(failures: number, limits: Pick<SignInLimits, "maxFailuresPerAccount" | "maxDelaySeconds">): number {
  if (failures < limits.maxFailuresPerAccount) return 0;
  return Math.min(limits.maxDelaySeconds, 2 ** Math.min(30, failures - limits.maxFailuresPerAccount));
}

/**
 * May this address have a password check on this account now? `address` null means the address
 * is unknown (the app runs without Vigil's server): then only the account's delays apply.
 */
export function decideSignIn(history: AttemptHistory, address: string | null, limits: SignInLimits, now: Date): SignInDecision {
  const windowMs = limits.windowMinutes * 60_000;
  const secondsUntil = (at: number) => Math.max(1, Math.ceil((at - now.getTime()) / 1000));
  const inWindow = history.accountAttempts.filter((a) => now.getTime() - a.at.getTime() < windowMs);

  if (address !== null) {
    // This address on this account, since this address last got in.
    const fromHere = inWindow.filter((a) => a.address === address);
    const lastSuccessHere = latest(fromHere.filter((a) => a.succeeded === true));
    const pairFailures = fromHere.filter((a) => failed(a) && (lastSuccessHere === null || a.at > lastSuccessHere));
    if (pairFailures.length >= limits.maxFailuresPerAccountAndAddress) {
      return { allowed: false, reason: "account-and-address", retryAfterSeconds: secondsUntil(earliest(pairFailures)!.getTime() + windowMs) };
    }
    if (history.addressFailures >= limits.maxFailuresPerAddress) {
      const oldest = history.oldestAddressFailureAt?.getTime() ?? now.getTime();
      return { allowed: false, reason: "address", retryAfterSeconds: secondsUntil(oldest + windowMs) };
    }
    if (history.knownAddress) return { allowed: true };
  }

  // The account from anywhere, since anyone last got in.
  const lastSuccess = latest(inWindow.filter((a) => a.succeeded === true));
  const failures = inWindow.filter((a) => failed(a) && (lastSuccess === null || a.at > lastSuccess));
  const delay = accountDelaySeconds(failures.length, limits);
  if (delay > 0) {
    const readyAt = latest(failures)!.getTime() + delay * 1000;
    if (readyAt > now.getTime()) return { allowed: false, reason: "account-delay", retryAfterSeconds: secondsUntil(readyAt) };
  }
  return { allowed: true };
}

export function describeRetry(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function refusalMessage(decision: Extract<SignInDecision, { allowed: false }>): string {
  const wait = describeRetry(decision.retryAfterSeconds);
  switch (decision.reason) {
    case "account-and-address":
      return `Too many failed sign-in attempts for this account from your address. Try again in ${wait}.`;
    case "address":
      return `Too many failed sign-in attempts from your address. Try again in ${wait}.`;
    case "account-delay":
      return `This account has had many failed sign-in attempts, so each new one waits a little. Try again in ${wait}.`;
  }
}

/** The limits as configured (lib/env.ts). */
export function signInLimits(config: {
  VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: number;
  VIGIL_SIGNIN_MAX_FAILURES_PER_ADDRESS: number;
  VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT: number;
  VIGIL_SIGNIN_MAX_DELAY_SECONDS: number;
  VIGIL_SIGNIN_WINDOW_MINUTES: number;
}): SignInLimits {
  return {
    maxFailuresPerAccountAndAddress: config.VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    maxFailuresPerAddress: config.VIGIL_SIGNIN_MAX_FAILURES_PER_ADDRESS,
    maxFailuresPerAccount: config.VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT,
    maxDelaySeconds: config.VIGIL_SIGNIN_MAX_DELAY_SECONDS,
    windowMinutes: config.VIGIL_SIGNIN_WINDOW_MINUTES,
  };
}
