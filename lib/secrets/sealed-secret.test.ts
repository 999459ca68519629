import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeSecretKey } from "@/lib/env-parsers/secret-key";
import { generateSecretKey, isSealed, openWithKey, sealWithKey } from "./sealed-secret";

const key = crypto.randomBytes(32);
const CONTEXT = "model_pipelines.trainer_secret:7d0f0c1e-0000-4000-8000-000000000001";

describe("sealed secrets (AES-256-GCM)", () => {
  it("opens what it sealed, and never shows the plain text in the sealed form", () => {
    for (const plain of ["pnu_prefect-key-0123456789", "https://hooks.slack.com/services/T000/B000/XXXXXXXX", "ü€𝄞 and NUL \u0000 too"]) {
      const sealed = sealWithKey(plain, CONTEXT, key);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).not.toContain(plain);
      expect(sealed).not.toContain(Buffer.from(plain).toString("base64").slice(0, 8));
      expect(openWithKey(sealed, CONTEXT, key)).toBe(plain);
    }
  });

  it("uses a fresh nonce each time: the same secret seals differently", () => {
    expect(sealWithKey("same", CONTEXT, key)).not.toBe(sealWithKey("same", CONTEXT, key));
  });

  it("refuses another key, another row or column, a changed byte and a value in clear", () => {
    const sealed = sealWithKey("pnu_prefect-key", CONTEXT, key);
    expect(() => openWithKey(sealed, CONTEXT, crypto.randomBytes(32))).toThrow(/does not open with this key/);
    expect(() => openWithKey(sealed, CONTEXT.replace("0001", "0002"), key)).toThrow(/does not open/);
    expect(() => openWithKey(sealed, CONTEXT.replace("trainer_secret", "deploy_webhook_secret"), key)).toThrow(/does not open/);
    const raw = Buffer.from(sealed.slice("enc:v1:".length), "base64url");
    raw[raw.length - 1]! ^= 1;
    expect(() => openWithKey(`enc:v1:${raw.toString("base64url")}`, CONTEXT, key)).toThrow(/does not open/);
    expect(() => openWithKey("pnu_prefect-key", CONTEXT, key)).toThrow(/is not encrypted/);
    expect(() => openWithKey("enc:v1:AAAA", CONTEXT, key)).toThrow(/is damaged/);
  });

  it("reads a 32-byte key written in base64, base64url or hex, and nothing shorter or longer", () => {
    const bytes = crypto.randomBytes(32);
    expect(decodeSecretKey(bytes.toString("base64"))).toEqual(bytes);
    expect(decodeSecretKey(bytes.toString("base64url"))).toEqual(bytes);
    expect(decodeSecretKey(`${bytes.toString("hex")}\n`)).toEqual(bytes);
    expect(decodeSecretKey(generateSecretKey())).toHaveLength(32);
    expect(decodeSecretKey(crypto.randomBytes(16).toString("base64"))).toBeNull();
    expect(decodeSecretKey(crypto.randomBytes(48).toString("base64"))).toBeNull();
    expect(decodeSecretKey("correct horse battery staple correct horse battery")).toBeNull();
  });
});
