import crypto from "node:crypto";
import { SECRET_KEY_BYTES } from "@/lib/env-parsers/secret-key";

/**
 * Secrets at rest: AES-256-GCM with a random 96-bit nonce per value, stored as
 * `enc:v1:<base64url(nonce | tag | ciphertext)>`. The additional data names the column and the
 * row, so a sealed value copied into another row or column does not open.
 */
export const SEALED_PREFIX = "enc:v1:";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Where a sealed value lives: `table.column:row id`. */
export type SealContext = string;

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

export function sealWithKey(plain: string, context: SealContext, key: Buffer): string {
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** Opens a sealed value; throws when it was not sealed, was sealed for another place, or with another key. */
export function openWithKey(sealed: string, context: SealContext, key: Buffer): string {
  if (!isSealed(sealed)) throw new Error(`a stored secret for ${context} is not encrypted`);
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), "base64url");
  if (raw.length < NONCE_BYTES + TAG_BYTES) throw new Error(`a stored secret for ${context} is damaged`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`a stored secret for ${context} does not open with this key (was VIGIL_SECRET_KEY or the key file changed?)`);
  }
}


export function generateSecretKey(): string {
  return crypto.randomBytes(SECRET_KEY_BYTES).toString("base64");
}
