import { createDatabase } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { createUser } from "@/lib/services/users/create-user";
import { ServiceError } from "@/lib/services/errors";
import { runMigrations } from "@/lib/db/migrate";
import { readFlags } from "./lib/args";
import { withDatabaseUrl } from "./lib/database";

const usage = "npm run user:create -- --email ada@example.com --role admin|approver|annotator|viewer [--name 'Ada L.'] [--password …]";
const flags = readFlags(
  { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
  usage,
);
if (!flags.email || !flags.role) {
  console.error(`--email and --role are required.\n\nUsage: ${usage}`);
  process.exit(2);
}

const exitCode = await withDatabaseUrl(async (url) => {
  await runMigrations(url);
  const db = createDatabase(url, { max: 2 });
  try {
    const { user, generatedPassword } = await createUser(systemContext(db, "user:create"), {
      email: flags.email,
      role: flags.role,
      name: flags.name ?? flags.email!.split("@")[0],
      password: flags.password,
    });
    console.log(`Created ${user.role} ${user.email}.`);
    if (generatedPassword) console.log(`Password (shown once): ${generatedPassword}`);
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
