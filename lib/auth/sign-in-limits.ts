// Pure decision for sign-in rate limiting; the counts come from the sign_in_attempts table.

export type SignInLimits = { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };

export type FailureWindow = {
  /** Failures for this account inside the window, since its last successful sign-in. */
  accountFailures: number;
  /** Time of the oldest such account failure, to say when the account opens again. */
  oldestAccountFailureAt: Date | null;
  addressFailures: number;
  oldestAddressFailureAt: Date | null;
};

export type SignInDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: "account" | "address" };

export function decideSignIn(window: FailureWindow, limits: SignInLimits, now: Date): SignInDecision {
  const windowMs = limits.windowMinutes * 60_000;
  const retryAfter = (oldest: Date | null) =>
    Math.max(1, Math.ceil(((oldest?.getTime() ?? now.getTime()) + windowMs - now.getTime()) / 1000));
  if (window.accountFailures >= limits.maxFailuresPerAccount) {
    return { allowed: false, reason: "account", retryAfterSeconds: retryAfter(window.oldestAccountFailureAt) };
  }
  if (window.addressFailures >= limits.maxFailuresPerAddress) {
    return { allowed: false, reason: "address", retryAfterSeconds: retryAfter(window.oldestAddressFailureAt) };
  }
  return { allowed: true };
}

export function describeRetry(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
