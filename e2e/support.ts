import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
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
  await expect(page.getByTestId("signed-in-user")).toContainText(email);
}

/** The page's own error message (Next.js also keeps an empty role=alert route announcer). */
export function errorMessage(page: Page) {
  return page.locator('[role="alert"]:not([id="__next-route-announcer__"])');
}

/** The demo API key the e2e server printed (every permission). */
export const demoApiKey = () => fs.readFileSync(path.join(DATA_DIR, "demo-api-key"), "utf8").trim();
