import { expect, test } from "@playwright/test";
import { builtActions, callAction } from "@/test/app-surface";
import { PAGE_PARAMS } from "@/test/access-matrix";
import { signInOverHttp, storageStateFor } from "./support";

// Issue #13: keys made by an admin who was later deactivated kept working. Now they are refused
// while their creator is deactivated, and Settings → API keys says so.

test("a key stops working when the admin who made it is deactivated, and the keys page says so", async ({ playwright, browser, baseURL }) => {
  test.setTimeout(90_000);
  const actions = builtActions(process.cwd(), PAGE_PARAMS);
  const action = (key: string) => actions.find((a) => a.key === key)!;
  const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const email = `leaver-${Date.now()}@example.com`;
  const made = await callAction(admin, baseURL!, action("lib/actions/users.ts#createUserAction"), { email, name: "Leaver", role: "admin", password: "leaver-password-1" });
  expect(made.ok, made.text).toBe(true);

  const leaver = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  expect((await signInOverHttp(leaver, email, "leaver-password-1")).body.url).not.toContain("error=");
  const name = `made by ${email}`;
  const created = await callAction(leaver, baseURL!, action("lib/actions/api-keys.ts#createApiKeyAction"), { name, permissions: ["read"], models: null });
  const secret = /"secret":"(vgl_[^"]+)"/.exec(created.text)?.[1];
  expect(secret, created.text).toBeTruthy();
  const models = () => playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { authorization: `Bearer ${secret}` } }).then(async (c) => {
    const response = await c.get("/api/v1/models");
    const answer = { status: response.status(), body: await response.text() };
    await c.dispose();
    return answer;
  });
  expect((await models()).status).toBe(200);

  const page = await (await browser.newContext({ storageState: storageStateFor("admin") })).newPage();
  await page.goto("/settings/users");
  await page.getByTestId(`user-row-${email}`).getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByText(`${email} can no longer sign in.`)).toBeVisible();

  expect(await models()).toEqual({ status: 401, body: JSON.stringify({ error: "unauthorized", message: "This API key's creator has been deactivated, so the key no longer works." }) });
  await page.goto("/settings/api-keys");
  const row = page.getByTestId(`api-key-${name}`);
  await expect(row).toContainText(`by ${email}`);
  await expect(row.getByText("Creator deactivated")).toBeVisible();
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/settings-api-keys-deactivated.png`, fullPage: true });
  await Promise.all([admin.dispose(), leaver.dispose(), page.context().close()]);
});
