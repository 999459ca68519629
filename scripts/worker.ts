import { runMigrations } from "@/lib/db/migrate";
import { startJobQueue } from "@/lib/workers";
import { stopJobQueue } from "@/lib/jobs/enqueue";
import { withDatabaseUrl } from "./lib/database";

// A worker process of its own: run as many as the load needs, on any machine that reaches the database.
// On the embedded database it joins the server `npm start` runs, and never starts one: a server
// owned by a worker would stop under the app when the worker does.
await withDatabaseUrl(async (url) => {
  await runMigrations(url);
  const boss = await startJobQueue(url, { workers: true, poolSize: 5 });
  console.log("Vigil worker running. Ctrl-C stops it.");
  await new Promise<void>((resolve) => {
    const stop = () => void stopJobQueue(boss, 10_000).finally(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}, { startIfStopped: false }).catch((error: unknown) => {
  console.error(`[vigil] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
process.exit(0);
