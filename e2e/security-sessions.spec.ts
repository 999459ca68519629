import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from "@playwright/test";
import { builtActions, callAction } from "@/test/app-surface";
import { PAGE_PARAMS } from "@/test/access-matrix";
import { expectSignedInAs, signIn, signInOverHttp, signOutOverHttp, storageStateFor } from "./support";

// Issue #13 against the production server: after sign-out the old cookie still worked for up to
// 12 hours, re-activating a user revived their cookies, and nobody could change a password. Each
// test makes a person of its own, so no demo role's session is touched.

type Playwright = PlaywrightWorkerArgs["playwright"];

async function adminCall(playwright: Playwright, baseURL: string, action: string, input: unknown) {
  const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const built = builtActions(process.cwd(), PAGE_PARAMS).find((a) => a.key === action)!;
  const answer = await callAction(admin, baseURL, built, input);
  await admin.dispose();
  expect(answer.ok, answer.text).toBe(true);
  return answer.text;
}

/** A new person (a viewer) with a known password. */
async function newPerson(playwright: Playwright, baseURL: string, password: string) {
  const email = `session-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  await adminCall(playwright, baseURL, "lib/actions/users.ts#createUserAction", { email, name: "Session Test", role: "viewer", password });
  return email;
}

async function signedInContext(playwright: Playwright, baseURL: string, email: string, password: string, headers: Record<string, string> = {}) {
  const context = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const { body } = await signInOverHttp(context, email, password, headers);
  expect(body.url, "signed in").not.toContain("error=");
  return context;
}

/** What a copied cookie still opens: a page, an API read, next-auth's own session endpoint. */
async function whatTheCookieOpens(playwright: Playwright, baseURL: string, state: Awaited<ReturnType<APIRequestContext["storageState"]>>) {
  const replay = await playwright.request.newContext({ baseURL, storageState: state });
  const page = await replay.get("/", { maxRedirects: 0 });
  const api = await replay.get("/api/v1/alerts");
  const session = (await (await replay.get("/api/auth/session")).json()) as Record<string, unknown>;
  await replay.dispose();
  return { page: page.status() === 307 ? `redirect ${new URL(page.headers().location!, baseURL).pathname}` : String(page.status()), api: api.status(), session: Object.keys(session).length > 0 };
}

const OPEN = { page: "200", api: 200, session: true };
const REFUSED = { page: "redirect /login", api: 401, session: false };

test("the cookie from before a sign-out is refused on pages and APIs", async ({ playwright, baseURL }) => {
  const email = await newPerson(playwright, baseURL!, "signing-out-password");
  const context = await signedInContext(playwright, baseURL!, email, "signing-out-password");
  const copied = await context.storageState();
  expect(await whatTheCookieOpens(playwright, baseURL!, copied)).toEqual(OPEN);

  expect(await signOutOverHttp(context)).toBe(200);
  expect(await whatTheCookieOpens(playwright, baseURL!, copied)).toEqual(REFUSED);
  await context.dispose();
});

test("re-activating a person does not revive their old cookie", async ({ playwright, baseURL }) => {
  test.setTimeout(90_000);
  const email = await newPerson(playwright, baseURL!, "reactivated-password");
  const context = await signedInContext(playwright, baseURL!, email, "reactivated-password");
  const copied = await context.storageState();
  const id = await userIdOf(playwright, baseURL!, email);
  await adminCall(playwright, baseURL!, "lib/actions/users.ts#setUserActiveAction", { userId: id, active: false });
  await adminCall(playwright, baseURL!, "lib/actions/users.ts#setUserActiveAction", { userId: id, active: true });
  expect(await whatTheCookieOpens(playwright, baseURL!, copied)).toEqual(REFUSED);
  // Signing in again works.
  const again = await signedInContext(playwright, baseURL!, email, "reactivated-password");
  expect(await whatTheCookieOpens(playwright, baseURL!, await again.storageState())).toEqual(OPEN);
  await Promise.all([context.dispose(), again.dispose()]);
});

test("changing one's password on the account page ends one's other sessions", async ({ playwright, browser, baseURL }) => {
  // Five password checks and two hashes (scrypt, slow on purpose).
  test.setTimeout(120_000);
  const email = await newPerson(playwright, baseURL!, "first-password-1");
  const elsewhere = await signedInContext(playwright, baseURL!, email, "first-password-1");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email, "first-password-1");
  await expectSignedInAs(page, email);

  await page.getByTestId("signed-in-user").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Your sessions" }).getByRole("listitem")).toHaveCount(2);
  const form = page.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password", { exact: true }).fill("second-password-2");
  await form.getByLabel("New password again").fill("second-password-2");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Not your current password")).toBeVisible({ timeout: 30_000 });

  await form.getByLabel("Current password").fill("first-password-1");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed. 1 other session ended.")).toBeVisible({ timeout: 30_000 });
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/account.png`, fullPage: true });

  expect(await whatTheCookieOpens(playwright, baseURL!, await elsewhere.storageState())).toEqual(REFUSED);
  await page.reload();
  await expectSignedInAs(page, email);
  await expect(page.getByRole("list", { name: "Your sessions" }).getByRole("listitem")).toHaveCount(1);
  const fresh = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  expect((await signInOverHttp(fresh, email, "first-password-1")).body.url).toContain("error=");
  expect((await signInOverHttp(fresh, email, "second-password-2")).body.url).not.toContain("error=");
  await Promise.all([context.close(), elsewhere.dispose(), fresh.dispose()]);
});

test("an admin resets a password on Settings → Users: shown once, the person's sessions end", async ({ playwright, browser, baseURL }) => {
  test.setTimeout(90_000);
  const email = await newPerson(playwright, baseURL!, "forgotten-password-1");
  const theirs = await signedInContext(playwright, baseURL!, email, "forgotten-password-1");
  const adminContext = await browser.newContext({ storageState: storageStateFor("admin") });
  const admin = await adminContext.newPage();
  await admin.goto("/settings/users");
  const row = admin.getByTestId(`user-row-${email}`);
  await row.getByRole("button", { name: `Reset the password of ${email}` }).click();
  await row.getByRole("button", { name: "Reset and sign them out" }).click();
  const shown = admin.getByTestId("reset-password");
  await expect(shown).toBeVisible();
  const password = (await shown.textContent())!;
  expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  await expect(admin.getByRole("list", { name: "Recent user changes" })).toContainText(`reset the password of ${email}`);
  if (process.env.SCREENSHOT_DIR) await admin.screenshot({ path: `${process.env.SCREENSHOT_DIR}/settings-users-reset.png`, fullPage: true });
  // Shown once: a reload does not show it again.
  await admin.reload();
  await expect(admin.getByTestId("reset-password")).toHaveCount(0);

  expect(await whatTheCookieOpens(playwright, baseURL!, await theirs.storageState())).toEqual(REFUSED);
  const again = await signedInContext(playwright, baseURL!, email, password);
  expect(await whatTheCookieOpens(playwright, baseURL!, await again.storageState())).toEqual(OPEN);
  await Promise.all([adminContext.close(), theirs.dispose(), again.dispose()]);
});

test("the address a session shows is the socket's, whatever forwarding headers the client sends", async ({ playwright, baseURL }) => {
  const email = await newPerson(playwright, baseURL!, "address-password-1");
  const forged = { "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8", "x-vigil-client-address": "203.0.113.9" };
  const context = await signedInContext(playwright, baseURL!, email, "address-password-1", forged);
  const html = await (await context.get("/account", { headers: forged })).text();
  expect(html).not.toContain("203.0.113.");
  expect(html).toMatch(/from <!-- -->(127\.0\.0\.1|::1)</);
  await context.dispose();
});

test("rotating X-Forwarded-For does not get around the sign-in limit", async ({ playwright, baseURL }) => {
  test.setTimeout(90_000);
  const email = await newPerson(playwright, baseURL!, "rotation-password-1");
  const context = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  for (let i = 0; i < 5; i++) {
    const { body } = await signInOverHttp(context, email, `guess-${i}`, { "x-forwarded-for": `198.51.100.${i}` });
    expect(decodeURIComponent(body.url)).toContain("That e-mail and password do not match an active account.");
  }
  const { body } = await signInOverHttp(context, email, "rotation-password-1", { "x-forwarded-for": "198.51.100.200" });
  expect(decodeURIComponent(body.url.replace(/\+/g, " "))).toContain("Too many failed sign-in attempts for this account from your address.");
  await context.dispose();
});

async function userIdOf(playwright: Playwright, baseURL: string, email: string): Promise<string> {
  const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const html = await (await admin.get("/settings/users")).text();
  await admin.dispose();
  const id = new RegExp(`"id":"([0-9a-f-]{36})","email":"${email.replace(/[.]/g, "\\.")}"`).exec(html.replace(/\\"/g, '"'))?.[1];
  expect(id, `the id of ${email}`).toBeTruthy();
  return id!;
}
