import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { decodeSecretKey } from "@/lib/env-parsers/secret-key";
import { ensureSecretKey, SECRET_KEY_FILE } from "./key";

// Where the key for stored secrets comes from: VIGIL_SECRET_KEY, a key file in the data folder,
// or (for the embedded database only) a key file made at first start with mode 0600.

const folders: string[] = [];
const freshFolder = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-key-"));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the key for stored secrets", () => {
  it("is generated once for the embedded database, readable by its owner only, and kept across starts", () => {
    const dataDir = freshFolder();
    expect(ensureSecretKey({ dataDir, embedded: true, envKey: undefined })).toBe("generated");
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, "utf8");
    expect(decodeSecretKey(key)).toHaveLength(32);
    expect(ensureSecretKey({ dataDir, embedded: true, envKey: undefined })).toBe("file");
    expect(fs.readFileSync(file, "utf8")).toBe(key);
  });

  it("with a database of one's own, is never generated: VIGIL_SECRET_KEY or an existing key file, else a clear refusal", () => {
    const dataDir = freshFolder();
    expect(() => ensureSecretKey({ dataDir, embedded: false, envKey: undefined })).toThrow(/^VIGIL_SECRET_KEY is not set\. With DATABASE_URL, Vigil needs a key to encrypt stored secrets/);
    expect(fs.existsSync(path.join(dataDir, SECRET_KEY_FILE))).toBe(false);
    expect(ensureSecretKey({ dataDir, embedded: false, envKey: Buffer.alloc(32, 7) })).toBe("env");
    fs.writeFileSync(path.join(dataDir, SECRET_KEY_FILE), Buffer.alloc(32, 9).toString("base64"), { mode: 0o600 });
    expect(ensureSecretKey({ dataDir, embedded: false, envKey: undefined })).toBe("file");
    fs.writeFileSync(path.join(dataDir, SECRET_KEY_FILE), "not a key");
    expect(() => ensureSecretKey({ dataDir, embedded: false, envKey: undefined })).toThrow(/does not hold a 32-byte key/);
  });

  it("npm start with DATABASE_URL and no key stops before touching the database, saying what to set", async () => {
    const dataDir = freshFolder();
    const env = { ...process.env, DATABASE_URL: "postgres://vigil:x@127.0.0.1:1/vigil", VIGIL_SECRET_KEY: "", VIGIL_DATA_DIR: dataDir, PORT: "1" };
    const started = await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], { env, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/\[vigil\] VIGIL_SECRET_KEY is not set\. With DATABASE_URL, Vigil needs a key .*openssl rand -base64 32/);
    expect(started.stderr).not.toMatch(/ECONNREFUSED|migrat/i);
  });
});
