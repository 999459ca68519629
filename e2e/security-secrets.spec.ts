import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DATA_DIR, storageStateFor, type Credential } from "./support";

// No secret of the server reaches the browser (issue #8): not in the built client bundle
// (.next/static), and not in anything the server sends a signed-in admin while they go through
// every page. The secrets are this server's own: the session-signing key, the database password
// and URL, the demo API key and the demo users' passwords.

function serverSecrets(): Record<string, string> {
  const read = (file: string) => fs.readFileSync(path.join(DATA_DIR, file), "utf8").trim();
  const pgPassword = (JSON.parse(read("embedded-postgres.json")) as { password: string }).password;
  const secrets: Record<string, string> = {
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || read("auth-secret"),
    "database password": pgPassword,
    DATABASE_URL: `postgres://postgres:${encodeURIComponent(pgPassword)}@127.0.0.1:`,
    "demo API key": read("demo-api-key"),
  };
  for (const c of JSON.parse(read("demo-credentials.json")) as Credential[]) secrets[`${c.role}'s password`] = c.password;
  for (const [name, value] of Object.entries(secrets)) expect(value.length, name).toBeGreaterThanOrEqual(12);
  return secrets;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function leaks(text: string, secrets: Record<string, string>): string[] {
  // Secrets are base64url or URL text: look for them as sent and as JSON or URL escaping would write them.
  return Object.entries(secrets).filter(([, value]) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)].some((form) => text.includes(form))).map(([name]) => name);
}

test("the client bundle in .next/static holds none of the server's secrets", () => {
  const secrets = serverSecrets();
  const files = filesUnder(path.join(".next", "static"));
  expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
  const found: string[] = [];
  for (const file of files) {
    for (const name of leaks(fs.readFileSync(file, "latin1"), secrets)) found.push(`${name} in ${file}`);
  }
  expect(found).toEqual([]);
});

test("no page sends a signed-in admin any of the server's secrets", async ({ browser }) => {
  test.setTimeout(90_000);
  const secrets = serverSecrets();
  const context = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await context.newPage();
  const found: string[] = [];
  let bodies = 0;
  page.on("response", async (response) => {
    try {
      const text = (await response.body()).toString("latin1");
      bodies++;
      for (const name of leaks(text, secrets)) found.push(`${name} in ${response.url()}`);
    } catch {
      // redirects and aborted requests have no body
    }
  });
  const pages = ["/", "/models/spam-filter", "/models/spam-filter/settings", "/models/spam-filter/labelling", "/models/delivery-time", "/models/new", "/labelling", "/labelling?model=spam-filter", "/actions", "/settings/users", "/settings/api-keys", "/api-docs"];
  for (const url of pages) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
  }
  await context.close();
  expect(bodies).toBeGreaterThan(pages.length);
  expect(found).toEqual([]);
});
