import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { auditLog } from "@/lib/db/schema";
import { writeAudit } from "@/lib/services/audit";
import { createTestDatabase, type TestDatabase } from "@/test/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe("the audit log", () => {
  it("is append-only in the database itself", async () => {
    await writeAudit(t.db, { type: "system", label: "test" }, { action: "test.written", targetType: "test" });
    await expect(t.db.execute(sql`update audit_log set action = 'rewritten'`)).rejects.toMatchObject({ cause: { message: `audit_log is append-only: UPDATE refused` } });
    await expect(t.db.execute(sql`delete from audit_log`)).rejects.toMatchObject({ cause: { message: `audit_log is append-only: DELETE refused` } });
    await expect(t.db.execute(sql`truncate audit_log`)).rejects.toMatchObject({ cause: { message: `audit_log is append-only: TRUNCATE refused` } });
    const rows = await t.db.select().from(auditLog);
    expect(rows.map((r) => r.action)).toEqual(["test.written"]);
  });

  it("rolls back with the change it describes", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await writeAudit(tx, { type: "system", label: "test" }, { action: "test.rolled_back", targetType: "test" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await t.db.select().from(auditLog);
    expect(rows.map((r) => r.action)).not.toContain("test.rolled_back");
  });
});
