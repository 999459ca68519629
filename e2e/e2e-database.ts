import { expect } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { createDatabase, type Database } from "@/lib/db/connect";
import { runningServerUrl } from "@/lib/db/embedded-record";
import { deployments, models, modelVersions } from "@/lib/db/schema";
import { DATA_DIR } from "./support";

// The e2e server's own database, found as every Vigil tool finds it: through its data folder.
// Only the schema and the connection are imported here (no services), so a spec seeding through
// it loads without the server's modules.

export async function withE2eDatabase<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const url = await runningServerUrl(DATA_DIR);
  if (!url) throw new Error(`The e2e server's PostgreSQL is not running in ${DATA_DIR}.`);
  const db = createDatabase(url, { max: 2 });
  try {
    return await run(db);
  } finally {
    await db.$client.end();
  }
}

/**
 * A deploy of `version` (a version the model's predictions already named) that took effect at
 * `at`, as the deploy job records one: the markers on the model page's charts read these.
 */
export async function recordDeploy(slug: string, version: string, at: Date): Promise<void> {
  await withE2eDatabase(async (db) => {
    const [row] = await db
      .select({ modelId: models.id, versionId: modelVersions.id })
      .from(models)
      .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.name, version)))
      .where(eq(models.slug, slug));
    expect(row, `${slug} has no version ${version}`).toBeTruthy();
    await db.insert(deployments).values({ modelId: row!.modelId, versionId: row!.versionId, kind: "deploy", target: "built-in", status: "succeeded", actorLabel: "browser test seed", createdAt: at, finishedAt: at });
  });
}
