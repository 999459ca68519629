import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { builtActions, callAction } from "@/test/app-surface";
import { DATA_DIR, storageStateFor, type Credential } from "./support";

// No secret of the server reaches the browser (issue #8): not in the built client bundle
// (.next/static), and not in anything the server sends a signed-in admin while they go through
// every page. The secrets are this server's own: the session-signing key, the key that seals stored
// secrets, the database password and URL, the demo API key and the demo users' passwords; and
// (issue #13) the secrets people stored: a webhook channel's secret, a Slack URL, a Prefect API key
// and a deploy webhook's secret.

function serverSecrets(): Record<string, string> {
  const read = (file: string) => fs.readFileSync(path.join(DATA_DIR, file), "utf8").trim();
  const pgPassword = (JSON.parse(read("embedded-postgres.json")) as { password: string }).password;
  const secrets: Record<string, string> = {
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || read("auth-secret"),
    "database password": pgPassword,
    DATABASE_URL: `postgres://postgres:${encodeURIComponent(pgPassword)}@127.0.0.1:`,
    "demo API key": read("demo-api-key"),
    "key for stored secrets": read("secret-key"),
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

/** Stores one of each secret people enter, on a model and channels of this test's own, through the API and the admin's actions. */
async function storeSecrets(request: APIRequestContext, baseURL: string): Promise<{ secrets: Record<string, string>; slug: string }> {
  const token = (label: string) => `${label}-${crypto.randomBytes(12).toString("hex")}`;
  const slug = `secrets-${Date.now().toString(36)}`;
  const secrets = { "webhook secret": token("whsec"), "Slack URL token": token("slack"), "Prefect API key": token("pnu"), "deploy webhook secret": token("deploy") };
  const key = { authorization: `Bearer ${fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim()}` };
  expect((await request.post("/api/v1/models", { headers: key, data: { slug, name: slug, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" } })).status()).toBe(201);
  // A public address written as one, so saving needs no resolver.
  expect((await request.post("/api/v1/notification-channels", { headers: key, data: { name: `${slug}-hook`, type: "webhook", url: "https://93.184.215.14/vigil", secret: secrets["webhook secret"] } })).status()).toBe(201);
  expect((await request.post("/api/v1/notification-channels", { headers: key, data: { name: `${slug}-slack`, type: "slack", url: `https://93.184.215.14/services/T0/B0/${secrets["Slack URL token"]}` } })).status()).toBe(201);
  const connections = builtActions(process.cwd(), { slug: "spam-filter" }).find((a) => a.key === "lib/actions/registry.ts#updatePipelineConnectionsAction")!;
  const saved = await callAction(request, baseURL, connections, {
    model: slug, trainer: "prefect", prefectApiUrl: "https://93.184.215.14/api", prefectDeploymentId: "d-1", trainerSecret: secrets["Prefect API key"],
    deployTarget: "webhook", deployWebhookUrl: "https://93.184.215.14/deploy", deployWebhookSecret: secrets["deploy webhook secret"],
  });
  expect(saved, saved.text).toMatchObject({ ok: true });
  return { secrets, slug };
}

test("no page sends a signed-in admin any of the server's secrets, nor the secrets people stored", async ({ browser, playwright, baseURL }) => {
  test.setTimeout(90_000);
  const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const stored = await storeSecrets(admin, baseURL!);
  await admin.dispose();
  const secrets = { ...serverSecrets(), ...stored.secrets };
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
  const pages = [`/models/${stored.slug}/versions`, "/settings/notifications", "/audit", "/", "/models/spam-filter", "/models/spam-filter/settings", "/models/spam-filter/labelling", "/models/delivery-time", "/models/new", "/labelling", "/labelling?model=spam-filter", "/actions", "/settings/users", "/settings/api-keys", "/api-docs"];
  for (const url of pages) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
  }
  await context.close();
  expect(bodies).toBeGreaterThan(pages.length);
  expect(found).toEqual([]);
});
