import fs from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { env } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

/**
 * For command-line tools: DATABASE_URL when set; otherwise the embedded server of `npm start` when
 * it is running; otherwise that server started just for this command and stopped after it.
 */
export async function withDatabaseUrl<T>(run: (url: string) => Promise<T>): Promise<T> {
  const config = env();
  if (config.DATABASE_URL) return run(config.DATABASE_URL);

  const dataDir = path.resolve(config.VIGIL_DATA_DIR);
  const running = await runningEmbeddedUrl(dataDir, config.VIGIL_EMBEDDED_PG_PORT);
  if (running) return run(running);

  const server = await startEmbeddedPostgres({ dataDir, port: config.VIGIL_EMBEDDED_PG_PORT });
  try {
    return await run(server.url);
  } finally {
    await server.stop();
  }
}

async function runningEmbeddedUrl(dataDir: string, port: number): Promise<string | null> {
  let password: string;
  try {
    password = (JSON.parse(await fs.readFile(path.join(dataDir, "embedded-postgres.json"), "utf8")) as { password: string }).password;
  } catch {
    return null;
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/vigil`;
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return url;
  } catch {
    return null;
  } finally {
    await probe.end({ timeout: 1 });
  }
}
