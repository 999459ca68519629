import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

/**
 * Hidden buttons are not security. This captures a real admin-only server action call from the
 * admin's page, then replays it as a viewer and as nobody: the action itself must refuse.
 */
test("a viewer calling an admin-only server action directly is refused by the action", async ({ browser, baseURL }) => {
  const adminContext = await browser.newContext({ storageState: storageStateFor("admin") });
  const admin = await adminContext.newPage();
  const email = `target-${Date.now()}@example.com`;

  await admin.goto("/settings/users");
  const form = admin.getByRole("form", { name: "Add a user" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Name").fill("Target");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByText(`Added ${email}.`)).toBeVisible();

  const row = admin.getByTestId(`user-row-${email}`);
  const captured = admin.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await row.getByLabel(`Role of ${email}`).selectOption("annotator");
  const call = await captured;
  await expect(admin.getByText(`${email} is now Annotator.`)).toBeVisible();

  const body = call.postData()!.replace('"annotator"', '"admin"');
  const headers = {
    "next-action": call.headers()["next-action"]!,
    "content-type": call.headers()["content-type"] ?? "text/plain;charset=UTF-8",
    accept: "text/x-component",
    origin: baseURL!,
  };

  const viewerContext = await browser.newContext({ storageState: storageStateFor("viewer") });
  const asViewer = await viewerContext.request.post(call.url(), { headers, data: body });
  expect(asViewer.status()).toBe(200);
  expect(await asViewer.text()).toContain('"code":"forbidden"');

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const asNobody = await anonymous.request.post(call.url(), { headers, data: body, maxRedirects: 0 });
  // Signed out, the proxy turns the call away before it reaches the action.
  expect(asNobody.status()).toBe(307);
  expect(asNobody.headers()["location"]).toContain("/login");

  // Nothing changed: the target is still an annotator.
  await admin.reload();
  await expect(admin.getByTestId(`user-row-${email}`).getByLabel(`Role of ${email}`)).toHaveValue("annotator");
  await Promise.all([adminContext.close(), viewerContext.close(), anonymous.close()]);
});
