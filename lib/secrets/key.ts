import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { decodeSecretKey } from "@/lib/env-parsers/secret-key";
import { generateSecretKey, openWithKey, sealWithKey, type SealContext } from "./sealed-secret";

/** The embedded default's key, beside the auth secret in the data folder. */
export const SECRET_KEY_FILE = "secret-key";

const fromFile = new Map<string, Buffer>();

/**
 * The key stored secrets are sealed with: VIGIL_SECRET_KEY, else the data folder's key file (which
 * `npm start` creates for the embedded database). Without either, a clear error: the secrets
 * cannot be read or written.
 */
export function secretKey(): Buffer {
  const config = env();
  if (config.VIGIL_SECRET_KEY) return config.VIGIL_SECRET_KEY;
  const file = path.resolve(config.VIGIL_DATA_DIR, SECRET_KEY_FILE);
  const cached = fromFile.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new Error(`No key for stored secrets: set VIGIL_SECRET_KEY (openssl rand -base64 32), or start Vigil with \`npm start\`, which creates ${file} for the embedded database.`);
  }
  const key = decodeSecretKey(text);
  if (!key) throw new Error(`${file} does not hold a 32-byte key (base64 or hex).`);
  fromFile.set(file, key);
  return key;
}

/** Seals a secret for the place it is stored in; a missing value stays missing (a channel without a secret). */
export function sealSecret(plain: string, context: SealContext): string;
export function sealSecret(plain: string | null | undefined, context: SealContext): string | null;
export function sealSecret(plain: string | null | undefined, context: SealContext): string | null {
  return plain ? sealWithKey(plain, context, secretKey()) : null;
}

export function openSecret(sealed: string, context: SealContext): string;
export function openSecret(sealed: string | null, context: SealContext): string | null;
export function openSecret(sealed: string | null, context: SealContext): string | null {
  return sealed ? openWithKey(sealed, context, secretKey()) : null;
}

/**
 * For start-up: makes sure a key exists before anything is stored. VIGIL_SECRET_KEY wins; else an
 * existing key file; else, for the embedded database only, a new key file (mode 0600). A database
 * of one's own needs the key set explicitly (and shared by every copy of Vigil), or the key file
 * copied in: a key generated on one machine would leave the others unable to read the secrets.
 */
export function ensureSecretKey(options: { dataDir: string; embedded: boolean; envKey: Buffer | undefined }): "env" | "file" | "generated" {
  if (options.envKey) return "env";
  const file = path.join(options.dataDir, SECRET_KEY_FILE);
  if (fs.existsSync(file)) {
    if (!decodeSecretKey(fs.readFileSync(file, "utf8"))) throw new Error(`${file} does not hold a 32-byte key (base64 or hex); restore it from a backup, or set VIGIL_SECRET_KEY.`);
    return "file";
  }
  if (!options.embedded) {
    throw new Error(
      "VIGIL_SECRET_KEY is not set. With DATABASE_URL, Vigil needs a key to encrypt stored secrets (webhook secrets, Slack URLs, the Prefect key): " +
        `set VIGIL_SECRET_KEY to 32 random bytes (openssl rand -base64 32), the same on every copy, or put a key file at ${file}.`,
    );
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.writeFileSync(file, generateSecretKey() + "\n", { mode: 0o600, flag: "wx" });
  return "generated";
}
