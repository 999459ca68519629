import { openDataFolderDatabase, type DataFolderUser } from "@/lib/db/data-folder-database";

// A Vigil process of its own for tests: opens a data folder's embedded PostgreSQL as `role`
// (printing one JSON line when it has), and releases it when a line arrives on stdin.
const [dataDir, role, port] = process.argv.slice(2) as [string, DataFolderUser["role"], string | undefined];
const database = await openDataFolderDatabase({ dataDir, user: { command: `test ${role}`, role }, port: port ? Number(port) : undefined });
console.log(JSON.stringify({ url: database.url, port: database.port, source: database.source }));
process.stdin.once("data", () => {
  void database.release().then(() => process.exit(0));
});
