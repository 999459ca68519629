import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";

export const DATA_DIR = ".data/e2e";

export type Credential = { email: string; password: string; role: Role };

export function demoCredential(role: Role): Credential {
  const all = JSON.parse(fs.readFileSync(path.join(DATA_DIR, "demo-credentials.json"), "utf8")) as Credential[];
  const found = all.find((c) => c.role === role);
  if (!found) throw new Error(`no demo credential for ${role}`);
  return found;
}

export const storageStateFor = (role: Role) => path.join("e2e", ".auth", `${role}.json`);

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedInAs(page: Page, email: string) {
  // A password check is slow on purpose (scrypt) and slower still on a busy machine.
  await expect(page.getByTestId("signed-in-user")).toContainText(email, { timeout: 30_000 });
}

/** The page's own error message (Next.js also keeps an empty role=alert route announcer). */
export function errorMessage(page: Page) {
  return page.locator('[role="alert"]:not([id="__next-route-announcer__"])');
}

/** The demo API key the e2e server printed (every permission). */
export const demoApiKey = () => fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();

/**
 * Signs in over plain HTTP, as a script would (the csrf token, then the credentials callback),
 * into the request context's cookie jar. Answers next-auth's JSON: `url` has `error=` on failure.
 */
export async function signInOverHttp(request: APIRequestContext, email: string, password: string, headers: Record<string, string> = {}) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, headers, maxRedirects: 0 });
  return { status: response.status(), body: (await response.json()) as { url: string } };
}

/** Signs the request context's session out, as the Sign out button does. */
export async function signOutOverHttp(request: APIRequestContext) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return (await request.post("/api/auth/signout", { form: { csrfToken, json: "true" }, maxRedirects: 0 })).status();
}
