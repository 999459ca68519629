import crypto from "node:crypto";

/**
 * API.md's outgoing webhook signature: `X-Vigil-Timestamp: <unix seconds>` and
 * `X-Vigil-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the secret.
 */
export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return { "content-type": "application/json", "x-vigil-timestamp": String(timestamp), "x-vigil-signature": `sha256=${signature}` };
}

/** For receivers (and tests): checks a signature in constant time. */
export function verifyWebhook(secret: string, body: string, timestamp: string, signature: string): boolean {
  const expected = `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
  return expected.length === signature.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

/** A run's callback token: shown to its pipeline once, stored as SHA-256. */
export function generateRunToken(): { token: string; hash: string } {
  const token = `vglrun_${crypto.randomBytes(32).toString("base64url")}`;
  return { token, hash: hashRunToken(token) };
}

export function hashRunToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
