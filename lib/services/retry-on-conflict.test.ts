import { afterAll, describe, expect, it, vi } from "vitest";
import { createDatabase } from "@/lib/db/connect";
import { retryOnConflict } from "./retry-on-conflict";

// The decisions of retryOnConflict; a real deadlock between two transactions is in
// retry-on-conflict.int.test.ts. The pool never connects: no work here runs a query.
const db = createDatabase("postgres://nobody@127.0.0.1:1/none");
afterAll(() => db.$client.end());

/** A failure as drizzle reports it: its own error, with the driver's (and its code) as the cause. */
function pgFailure(code: string) {
  return Object.assign(new Error("Failed query: ..."), { cause: Object.assign(new Error(`postgres ${code}`), { code }) });
}

/** Work that fails with `failures` in turn, then answers "done"; counts its calls. */
function flaky(failures: unknown[]) {
  const work = vi.fn(async () => {
    const failure = failures[work.mock.calls.length - 1];
    if (failure) throw failure;
    return "done";
  });
  return work;
}

describe("retryOnConflict", () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});

  it("runs work again after a deadlock or a serialization failure, and answers its result", async () => {
    const work = flaky([pgFailure("40P01"), pgFailure("40001"), pgFailure("40P01")]);
    await expect(retryOnConflict(db, work, { baseDelayMs: 1 })).resolves.toBe("done");
    expect(work).toHaveBeenCalledTimes(4);
  });

  it("gives up after the set number of tries, with the last error as it came", async () => {
    const last = pgFailure("40P01");
    const work = flaky([pgFailure("40P01"), pgFailure("40P01"), last]);
    await expect(retryOnConflict(db, work, { attempts: 3, baseDelayMs: 1 })).rejects.toBe(last);
    expect(work).toHaveBeenCalledTimes(3);
  });

  it("never repeats work that failed for any other reason", async () => {
    for (const failure of [pgFailure("23505"), pgFailure("22021"), new Error("not a database error"), "a string"]) {
      const work = flaky([failure]);
      await expect(retryOnConflict(db, work, { baseDelayMs: 1 })).rejects.toBe(failure);
      expect(work).toHaveBeenCalledTimes(1);
    }
  });

  it("waits a random share of a doubling step between tries", async () => {
    const sleeps: number[] = [];
    const timeout = vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms?: number) => {
      sleeps.push(ms ?? 0);
      callback();
      return 0 as unknown as NodeJS.Timeout;
    }) as typeof setTimeout);
    try {
      await retryOnConflict(db, flaky([pgFailure("40P01"), pgFailure("40P01"), pgFailure("40P01"), pgFailure("40P01")]), { attempts: 5, baseDelayMs: 100 });
    } finally {
      timeout.mockRestore();
    }
    expect(sleeps).toHaveLength(4);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(100 * 2 ** i);
    });
  });
});
