import { createUser } from "@/lib/services/users";
import { readFlags } from "./lib/args";
import { runServiceCli } from "./lib/run-service";

const usage = "npm run user:create -- --email ada@example.com --role admin|approver|annotator|viewer [--name 'Ada L.'] [--password …]";
const flags = readFlags(
  { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
  usage,
);
if (!flags.email || !flags.role) {
  console.error(`--email and --role are required.\n\nUsage: ${usage}`);
  process.exit(2);
}

await runServiceCli("user:create", async (ctx) => {
  const { user, generatedPassword } = await createUser(ctx, {
    email: flags.email,
    role: flags.role,
    name: flags.name ?? flags.email!.split("@")[0],
    password: flags.password,
  });
  console.log(`Created ${user.role} ${user.email}.`);
  if (generatedPassword) console.log(`Password (shown once): ${generatedPassword}`);
});
