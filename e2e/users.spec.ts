import { expect, test, type Page } from "@playwright/test";
import { expectSignedInAs, signIn, storageStateFor, errorMessage } from "./support";

async function addUser(page: Page, email: string, role: string, password?: string) {
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Name").fill(`Person ${email.split("@")[0]}`);
  await form.getByLabel("Role").selectOption(role);
  if (password) await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Added ${email}.`)).toBeVisible();
}

test.describe("an admin managing users", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("adds a user who can then sign in, and the change is recorded", async ({ page, browser }) => {
    const email = `new-annotator-${Date.now()}@example.com`;
    await addUser(page, email, "annotator");
    const password = await page.getByTestId("generated-password").textContent();
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await expect(page.getByTestId(`user-row-${email}`)).toContainText("Active");
    await expect(page.getByRole("list", { name: "Recent user changes" })).toContainText(`admin@vigil.local added ${email} as annotator`);

    const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const newcomer = await fresh.newPage();
    await signIn(newcomer, email, password!);
    await expectSignedInAs(newcomer, email);
    expect(await newcomer.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).toEqual(["Models", "Labelling"]);
    await fresh.close();
  });

  test("shows clear errors for a bad address and a duplicate e-mail", async ({ page }) => {
    await page.goto("/settings/users");
    const form = page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("E-mail").fill("admin@vigil.local");
    await form.getByLabel("Name").fill("Again");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(errorMessage(page)).toHaveText("A user with the e-mail admin@vigil.local already exists.");
    await form.getByLabel("Password").fill("short");
    await form.getByLabel("E-mail").fill("someone-new@example.com");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(errorMessage(page)).toHaveText("Check the fields marked below.");
    await expect(form.getByText("Use at least 10 characters", { exact: true })).toBeVisible();
    await expect(form.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  });

  test("changes a role and deactivates a user, each ending their session at once", async ({ page, browser }) => {
    // Three sign-ins, slow on purpose (scrypt).
    test.setTimeout(90_000);
    const email = `short-lived-${Date.now()}@example.com`;
    await addUser(page, email, "viewer", "a-long-enough-password");

    const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const them = await theirs.newPage();
    await signIn(them, email, "a-long-enough-password");
    await expectSignedInAs(them, email);

    const row = page.getByTestId(`user-row-${email}`);
    await row.getByLabel(`Role of ${email}`).selectOption("approver");
    await expect(page.getByText(`${email} is now Approver.`)).toBeVisible();
    // A new role ends the session: they sign in again and see what the role allows.
    await them.reload();
    await expect(them).toHaveURL(/\/login/);
    await signIn(them, email, "a-long-enough-password");
    await expectSignedInAs(them, email);
    expect(await them.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).toEqual(["Models", "Actions", "Audit log"]);

    await row.getByRole("button", { name: "Deactivate" }).click();
    await expect(page.getByText(`${email} can no longer sign in.`)).toBeVisible();
    await expect(row).toContainText("Deactivated");
    await expect(page.getByRole("list", { name: "Recent user changes" })).toContainText(`deactivated ${email}`);

    await them.goto("/");
    await expect(them).toHaveURL(/\/login/);
    await signIn(them, email, "a-long-enough-password");
    await expect(errorMessage(them)).toHaveText("That e-mail and password do not match an active account.");
    await theirs.close();
  });
});
