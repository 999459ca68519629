import { createDatabase } from "@/lib/db/connect";
import { runMigrations } from "@/lib/db/migrate";
import { systemContext } from "@/lib/services/context";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { ServiceError } from "@/lib/services/errors";
import { readFlags } from "./lib/args";
import { withDatabaseUrl } from "./lib/database";

const usage = "npm run key:create -- --name 'model server' --permissions ingest,read,label,admin [--models spam-filter,other]";
const flags = readFlags({ name: { type: "string" }, permissions: { type: "string" }, models: { type: "string" } }, usage);
if (!flags.name || !flags.permissions) {
  console.error(`--name and --permissions are required.\n\nUsage: ${usage}`);
  process.exit(2);
}
const list = (value: string | undefined) => value?.split(",").map((s) => s.trim()).filter(Boolean);

const exitCode = await withDatabaseUrl(async (url) => {
  await runMigrations(url);
  const db = createDatabase(url, { max: 2 });
  try {
    const key = await createApiKey(systemContext(db, "key:create"), {
      name: flags.name,
      permissions: list(flags.permissions),
      models: list(flags.models) ?? null,
    });
    // The secret alone on stdout, so scripts can capture it; the note goes to stderr.
    console.error(`Created API key "${key.name}". It is shown only now:`);
    console.log(key.secret);
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.$client.end();
  }
});
process.exit(exitCode);
