import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { models, users } from "@/lib/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { userByEmail } from "@/test/actors";
import { seedDemo, type DemoCredential } from "./seed";

let t: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-seed-"));
});
afterAll(async () => {
  await t.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const readFile = async () => JSON.parse(await fs.readFile(path.join(dataDir, "demo-credentials.json"), "utf8")) as DemoCredential[];

describe("the demo seed", () => {
  it("creates a user per role with a random password that works, and the demo models", async () => {
    const credentials = await seedDemo(t.db, dataDir);
    expect(credentials.map((c) => [c.email, c.role])).toEqual([
      ["admin@vigil.local", "admin"],
      ["approver@vigil.local", "approver"],
      ["annotator@vigil.local", "annotator"],
      ["viewer@vigil.local", "viewer"],
    ]);
    expect(await readFile()).toEqual(credentials);
    for (const c of credentials) {
      expect(c.password).toMatch(/^[\w-]{16}$/);
      expect(await verifyPassword(c.password, (await userByEmail(t.db, c.email))!.passwordHash!)).toBe(true);
    }
    expect((await t.db.select().from(models)).map((m) => m.slug).sort()).toEqual(["delivery-time", "mail-triage", "spam-filter"]);
  });

  it("keeps the same passwords on the next start", async () => {
    const before = await readFile();
    expect(await seedDemo(t.db, dataDir)).toEqual(before);
    expect(await t.db.$count(users)).toBe(4);
    expect(await t.db.$count(models)).toBe(3);
  });

  it("issues new passwords when the credentials file is lost", async () => {
    const before = await readFile();
    await fs.rm(path.join(dataDir, "demo-credentials.json"));
    const after = await seedDemo(t.db, dataDir);
    expect(after[0]!.password).not.toBe(before[0]!.password);
    expect(await verifyPassword(after[0]!.password, (await userByEmail(t.db, "admin@vigil.local"))!.passwordHash!)).toBe(true);
  });
});
