// VIGIL_SECRET_KEY's parser: read by lib/env.ts; the key seals stored secrets (lib/secrets).

export const SECRET_KEY_BYTES = 32;

/** 32 bytes written as 64 hex digits or as base64 (either alphabet, padding optional); null for anything else. */
export function decodeSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === SECRET_KEY_BYTES ? key : null;
}
