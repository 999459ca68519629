import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("viewer") });

const NEWSLETTER_DOMAINS = /online\.com|lockergnome\.com|unitedmedia\.com|imakenews\.net/;

test("the demo spam filter shows, without set-up, which sender domains decayed, where v2 was deployed and that it recovered them", async ({ page }) => {
  await page.goto("/models/spam-filter?range=7d");
  const slices = page.getByRole("table", { name: "Slices by decay" });
  await expect(slices.getByRole("row").nth(1)).toContainText("sender_domain = ");
  await expect(slices.getByRole("row").nth(1).getByRole("rowheader")).toContainText(NEWSLETTER_DOMAINS);
  await expect(slices.getByRole("row").nth(1)).toContainText("decayed");
  await expect(page.getByText("v2 deployed").first()).toBeVisible();
  await slices.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/demo-slices.png", fullPage: true });

  await page.getByRole("group", { name: "Split the charts" }).getByRole("button", { name: "By version" }).click();
  const table = page.getByRole("table", { name: "Figures by version" });
  await expect(table.getByRole("row", { name: /^v1/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /^v2/ })).toBeVisible();
  await page.screenshot({ path: "test-results/demo-by-version.png", fullPage: true });
});
