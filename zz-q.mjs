import postgres from "postgres";
import fs from "node:fs";
const url = process.env.URL;
const sql = postgres(url, { max: 1 });
console.log(await sql.unsafe(process.argv[2]));
await sql.end();
