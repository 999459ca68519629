import crypto from "node:crypto";

// API.md "Vigil calls out": X-Vigil-Timestamp: <unix seconds>, X-Vigil-Signature: sha256=<hex
// HMAC-SHA256 of "<timestamp>.<raw body>" with the channel's secret>.

export function signatureHeaders(secret: string, rawBody: string, now = new Date()): { "X-Vigil-Timestamp": string; "X-Vigil-Signature": string } {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const hmac = crypto.createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return { "X-Vigil-Timestamp": timestamp, "X-Vigil-Signature": `sha256=${hmac}` };
}

/**
 * What a receiver does (and what Vigil's tests do): recompute the HMAC, compare in constant time,
 * and refuse a timestamp older than the tolerance so a captured request cannot be replayed.
 */
export function verifySignature(secret: string, rawBody: string, timestamp: string | null, signature: string | null, options: { now?: Date; toleranceSeconds?: number } = {}): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const age = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(timestamp));
  if (age > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(`sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
