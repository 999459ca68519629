import { expect, test, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { withE2eDatabase } from "./e2e-database";
import { OIDC_E2E_ENV, OIDC_PEOPLE, startOidcProvider, type OidcProvider } from "./oidc-provider";
import { errorMessage, expectSignedInAs } from "./support";

// Single sign-on against a real OpenID provider on loopback (e2e/oidc-provider.ts): discovery,
// the authorization code flow with PKCE, the ID token's signature and claims, all as with
// Keycloak, Google or Entra ID. The e2e server has OIDC_E2E_ENV.

test.describe.configure({ mode: "serial" });

let provider: OidcProvider;
test.beforeAll(async () => {
  provider = await startOidcProvider();
});
test.afterAll(async () => provider?.close());

/** From Vigil's sign-in page through the provider's own login and consent pages. */
async function signInThroughProvider(page: Page, login: keyof typeof OIDC_PEOPLE) {
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${OIDC_E2E_ENV.OIDC_DISPLAY_NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password: the provider's concern");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // Consent to share the e-mail and profile with Vigil.
  await page.getByRole("button", { name: "Continue" }).click();
}

const sessionCookies = async (page: Page) => (await page.context().cookies()).filter((c) => c.name.includes("session-token"));

test("a person signs in through the provider and gets the role their group claim maps to", async ({ page }) => {
  const ada = OIDC_PEOPLE.ada;
  await signInThroughProvider(page, "ada");
  await expect(page).toHaveURL(/localhost:\d+\/$/);
  await expectSignedInAs(page, ada.email);
  // groups: staff (unmapped) and vigil-approvers (approver).
  await expect(page.getByTestId("signed-in-user")).toContainText(`${ada.email} · Approver`);
  await page.goto("/actions");
  await expect(page.getByRole("heading", { name: "Actions" })).toBeVisible();
  const row = await withE2eDatabase(async (db) => (await db.select().from(users).where(eq(users.email, ada.email)))[0]);
  expect(row).toMatchObject({ role: "approver", active: true, passwordHash: null, name: ada.name });
});

test("a deactivated person is refused at the provider's return, with no session", async ({ page, browser }) => {
  const dee = OIDC_PEOPLE.dee;
  // First sign-in: no mapped group, so the default role.
  await signInThroughProvider(page, "dee");
  await expectSignedInAs(page, dee.email);
  await expect(page.getByTestId("signed-in-user")).toContainText(`${dee.email} · Viewer`);

  await withE2eDatabase((db) => db.update(users).set({ active: false }).where(eq(users.email, dee.email)));
  const fresh = await (await browser.newContext()).newPage();
  await signInThroughProvider(fresh, "dee");
  await expect(fresh).toHaveURL(/\/login\?.*error=AccessDenied/);
  await expect(errorMessage(fresh)).toHaveText("This account may not sign in to Vigil.");
  expect(await sessionCookies(fresh)).toEqual([]);
  await fresh.goto("/");
  await expect(fresh).toHaveURL(/\/login/);
  await fresh.context().close();
});
