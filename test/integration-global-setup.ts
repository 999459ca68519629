import os from "node:os";
import path from "node:path";
import fs from "node:fs/promises";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { freePort } from "@/scripts/lib/free-port";

export const TEMPLATE_DATABASE = "vigil_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run (the embedded one, or DATABASE_URL's server), with a migrated
 * template database; each test file clones the template into a database of its own.
 */
export default async function setup(project: TestProject) {
  let server: EmbeddedDatabase | null = null;
  let tempDir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "vigil-test-pg-"));
    server = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort() });
    adminUrl = server.url;
  }

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE));

  project.provide("adminDatabaseUrl", adminUrl);

  return async () => {
    if (server) await server.stop();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
