import { expect, test, type Page } from "@playwright/test";
import { ROLES, type Role } from "@/lib/auth/roles";
import { storageStateFor } from "./support";

const EXPECTED_NAV: Record<Role, string[]> = {
  admin: ["Models", "Labelling", "Actions", "Audit log", "Settings"],
  approver: ["Models", "Actions", "Audit log"],
  annotator: ["Models", "Labelling"],
  viewer: ["Models"],
};

async function navLabels(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
}

for (const role of ROLES) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStateFor(role) });

    test("sees the navigation of the role", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
      expect(await navLabels(page)).toEqual(EXPECTED_NAV[role]);
      // The demo models are listed for every role.
      await expect(page.getByRole("list", { name: "Models" }).getByRole("heading", { name: "Spam filter" })).toBeVisible();
    });
  });
}

test.describe("pages outside the role", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("are refused with an explanation, not just hidden", async ({ page }) => {
    for (const path of ["/settings/users", "/labelling", "/actions", "/audit"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden$/);
      await expect(page.getByRole("heading", { name: "Your role does not open that page" })).toBeVisible();
      await expect(page.getByText("with the Viewer role")).toBeVisible();
    }
  });
});
