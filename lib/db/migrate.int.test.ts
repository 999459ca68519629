import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { inject, describe, expect, it } from "vitest";
import { withDatabase } from "@/test/integration-global-setup";
import { MIGRATIONS_FOLDER, runMigrations } from "./migrate";

// Several web processes and workers start together on one database: each applies the migrations
// at start-up, and the advisory lock lets one do it while the others wait and then find nothing to do.

describe("migrations", () => {
  it("applied by six processes starting at once, run once each and leave one schema", async () => {
    const adminUrl = inject("adminDatabaseUrl");
    const name = `vigil_migrate_${crypto.randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = withDatabase(adminUrl, name);
    try {
      await Promise.all(Array.from({ length: 6 }, () => runMigrations(url)));
      const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
      const db = postgres(url, { max: 1, onnotice: () => {} });
      const [applied] = await db<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
      expect(applied).toEqual({ n: journal.entries.length, distinct: journal.entries.length });
      expect(await db`select count(*)::int as users from users`).toEqual([{ users: 0 }]);
      await db.end();
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
