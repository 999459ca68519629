import { createApiKey } from "@/lib/services/api-keys";
import { readFlags } from "./lib/args";
import { runServiceCli } from "./lib/run-service";

const usage = "npm run key:create -- --name 'model server' --permissions ingest,read,label,register,admin [--models spam-filter,other]";
const flags = readFlags({ name: { type: "string" }, permissions: { type: "string" }, models: { type: "string" } }, usage);
if (!flags.name || !flags.permissions) {
  console.error(`--name and --permissions are required.\n\nUsage: ${usage}`);
  process.exit(2);
}
const list = (value: string | undefined) => value?.split(",").map((s) => s.trim()).filter(Boolean);

await runServiceCli("key:create", async (ctx) => {
  const key = await createApiKey(ctx, { name: flags.name, permissions: list(flags.permissions), models: list(flags.models) ?? null });
  // The secret alone on stdout, so scripts can capture it; the note goes to stderr.
  console.error(`Created API key "${key.name}". It is shown only now:`);
  console.log(key.secret);
});
