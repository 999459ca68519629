import { expect, test } from "@playwright/test";
import { demoCredential, expectSignedInAs, signIn, errorMessage } from "./support";

test("a signed-out visit redirects to the sign-in page", async ({ page }) => {
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fusers$/);
  await expect(page.getByRole("heading", { name: "Sign in to Vigil" })).toBeVisible();
});

test("a wrong password shows an error and gives no session", async ({ page, context }) => {
  const { email } = demoCredential("viewer");
  await signIn(page, email, "not-the-password");
  await expect(errorMessage(page)).toHaveText("That e-mail and password do not match an active account.");
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name).filter((n) => n.includes("session-token"))).toEqual([]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in returns to the page that asked for it, and signing out ends the session", async ({ page }) => {
  const { email, password } = demoCredential("approver");
  await page.goto("/actions");
  await expect(page).toHaveURL(/callbackUrl=%2Factions/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/actions$/);
  await expect(page.getByRole("heading", { name: "Actions" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failures stop this address on the account for a while, with a clear message", async ({ page }) => {
  // Seven password checks, slow on purpose (scrypt).
  test.setTimeout(120_000);
  // A user of its own, so the lock does not disturb other tests.
  const admin = demoCredential("admin");
  await signIn(page, admin.email, admin.password);
  await expectSignedInAs(page, admin.email);
  await page.goto("/settings/users");
  const email = `locked-${Date.now()}@example.com`;
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Name").fill("Lock Test");
  await form.getByLabel("Password").fill("correct-horse-battery");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Added ${email}.`)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-${i}`);
    await expect(errorMessage(page)).toHaveText("That e-mail and password do not match an active account.");
  }
  // Even the right password is refused from this address until the window passes (another
  // address, the owner's, is not stopped: lib/services/users/authenticate.int.test.ts).
  await signIn(page, email, "correct-horse-battery");
  await expect(errorMessage(page)).toContainText("Too many failed sign-in attempts for this account from your address. Try again in");
});

test("the session cookie is HTTP-only", async ({ page, context }) => {
  const { email, password } = demoCredential("viewer");
  await signIn(page, email, password);
  await expectSignedInAs(page, email);
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});
