import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { deployments, modelVersions, predictions } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { rollbackModel } from "@/lib/services/deploys";
import { predictionsRoute } from "@/lib/api/routes/predictions";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { call, createBinaryModel, createKey } from "@/test/api";

// Issue #14: ingest and a production switch (a deploy or a rollback) take the same rows, the
// model's and its versions', so one could wait for the other, and a batch that waited while
// holding the model row could deadlock with a rollback holding the version row. They take
// locks that do not conflict: a batch naming the versions a rollback is switching is stored
// while the rollback's transaction is still open, without waiting for any lock.

let t: TestDatabase;
let key: string;
let modelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  key = await createKey(t.db, ["ingest"]);
  modelId = (await createBinaryModel(t.db, "deploying")).id;
  const [v1] = await t.db.insert(modelVersions).values({ modelId, name: "v1", status: "archived" }).returning();
  const [v2] = await t.db.insert(modelVersions).values({ modelId, name: "v2", status: "production", promotedAt: new Date() }).returning();
  await t.db.insert(deployments).values({ modelId, versionId: v2!.id, previousVersionId: v1!.id, kind: "deploy", target: "built-in", status: "succeeded", actorLabel: "test" });
});
afterAll(async () => t.drop());

/** Resolves with the backends of this database that wait for a lock, once there is one. */
async function someoneWaitsForALock(stop: { done: boolean }) {
  while (!stop.done) {
    const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (row!.n > 0) return "a batch waited for a lock";
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return "stored";
}

it("stores a batch naming the versions a rollback is switching while the rollback's transaction is open", async () => {
  let rolledBack!: () => void;
  const switched = new Promise<void>((resolve) => (rolledBack = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const rollback = t.db.transaction(async (tx) => {
    const result = await rollbackModel(tx as unknown as Database, systemContext(t.db, "test").actor, modelId, "back to v1");
    expect(result).toMatchObject({ version: "v1", previous: "v2", status: "succeeded" });
    rolledBack();
    await released;
  });
  await switched;

  const rows = ["v1", "v2", "v3"].flatMap((version) => Array.from({ length: 5 }, (_, i) => ({ id: `${version}-${i}`, version, score: 0.5, label: "ham" })));
  const stop = { done: false };
  const batch = call(predictionsRoute({ db: () => t.db }), { key, body: { model: "deploying", predictions: rows } }).finally(() => (stop.done = true));
  const first = await Promise.race([batch.then(() => "stored"), someoneWaitsForALock(stop)]);
  release();
  await rollback;
  expect(first).toBe("stored");
  expect(await batch).toMatchObject({ status: 200, json: { accepted: 15 } });
  const stored = await t.db
    .select({ version: modelVersions.name })
    .from(predictions)
    .innerJoin(modelVersions, eq(modelVersions.id, predictions.versionId))
    .where(and(eq(predictions.modelId, modelId)));
  expect(stored.map((s) => s.version).sort()).toEqual(rows.map((r) => r.version).sort());
});
