import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifySignature } from "@/lib/notifications/sign";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("admin") });

test("an admin adds a signed webhook channel and tests it; the receiver checks the signature and the log shows the status", async ({ page }) => {
  const secret = "e2e-receiver-secret-0123456789";
  const seen: { valid: boolean; type: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      seen.push({ valid: verifySignature(secret, body, req.headers["x-vigil-timestamp"] as string, req.headers["x-vigil-signature"] as string), type: JSON.parse(body).type });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/vigil`;
  const name = `ops-${Date.now().toString(36)}`;
  try {
    await page.goto("/settings/notifications");
    const form = page.getByRole("form", { name: "Add a notification channel" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("URL").fill(url);
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByText("Enter a signing secret")).toBeVisible();
    await form.getByLabel("Signing secret").fill(secret);
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(page.getByText("Added. Send a test")).toBeVisible();

    const row = page.getByTestId(`channel-${name}`);
    // The secret never reaches the browser, and the URL shows by its host only.
    await expect(row).toContainText(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/…`);
    expect(await page.content()).not.toContain(secret);

    await row.getByRole("button", { name: "Send test" }).click();
    await expect(page.getByText(`${name}: delivered (202).`)).toBeVisible();
    expect(seen).toEqual([{ valid: true, type: "test" }]);
    await expect(page.getByTestId("delivery-row").filter({ hasText: name }).first()).toContainText("#1 202");
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
