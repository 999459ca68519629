import crypto from "node:crypto";
import { API_KEY_PREFIX } from "./constants";

/** A new key: the secret is shown once; only its SHA-256 is stored. */
export function generateApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = API_KEY_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { secret, prefix: secret.slice(0, 12), hash: hashApiKeySecret(secret) };
}

export function hashApiKeySecret(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}
