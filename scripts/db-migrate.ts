import { runMigrations } from "@/lib/db/migrate";
import { withDatabaseUrl } from "./lib/database";

await withDatabaseUrl(async (url) => {
  await runMigrations(url);
  console.log("Migrations applied.");
});
