import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { models } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createBinaryModel } from "@/test/api";
import { retryOnConflict } from "./retry-on-conflict";

// Two transactions that take the same two rows in opposite orders: PostgreSQL aborts one of them
// for a deadlock (40P01), and retryOnConflict runs it again, so both writers finish.

let t: TestDatabase;
let first: string;
let second: string;

beforeAll(async () => {
  t = await createTestDatabase();
  first = (await createBinaryModel(t.db, "first")).id;
  second = (await createBinaryModel(t.db, "second")).id;
});
afterAll(async () => t.drop());

it("runs a transaction aborted by a real deadlock again, and both writers finish", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const tries = { a: 0, b: 0 };
  let holding = 0;
  let bothHoldOne!: () => void;
  const ready = new Promise<void>((resolve) => (bothHoldOne = resolve));

  const writer = (name: "a" | "b", one: string, other: string) =>
    retryOnConflict(t.db, (db) =>
      db.transaction(async (tx) => {
        tries[name]++;
        await tx.execute(sql`update models set description = ${name} where id = ${one}::uuid`);
        // The first tries meet here, each holding the row the other needs next.
        if (tries[name] === 1) {
          if (++holding === 2) bothHoldOne();
          await ready;
        }
        await tx.execute(sql`update models set description = ${name} where id = ${other}::uuid`);
        return name;
      }),
    );

  await expect(Promise.all([writer("a", first, second), writer("b", second, first)])).resolves.toEqual(["a", "b"]);
  expect(tries.a + tries.b).toBe(3);
  expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining("40P01")]);
  warn.mockRestore();
  // The one that went again wrote last, to both rows.
  const [a, b] = await Promise.all([first, second].map(async (id) => (await t.db.select({ d: models.description }).from(models).where(eq(models.id, id)))[0]!.d));
  expect(a).toBe(b);
});

it("runs work once inside a caller's transaction, which the failure has already aborted", async () => {
  let calls = 0;
  const failure = Object.assign(new Error("deadlock detected"), { code: "40P01" });
  await expect(
    t.db.transaction(async (tx) =>
      retryOnConflict(tx, async () => {
        calls++;
        throw failure;
      }),
    ),
  ).rejects.toBe(failure);
  expect(calls).toBe(1);
});
