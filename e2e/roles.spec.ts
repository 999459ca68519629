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

  test("are refused with an explanation and a 403, not just hidden", async ({ page }) => {
    // Pages under a loading boundary (monitors, a model's labelling settings) included: the
    // status is decided before anything streams.
    for (const path of ["/settings/users", "/labelling", "/actions", "/audit", "/monitors/new", "/models/spam-filter/labelling", "/models/spam-filter/settings"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole("heading", { name: "Your role does not open that page" })).toBeVisible();
      await expect(page.getByText("with the Viewer role")).toBeVisible();
    }
  });

  test("unknown pages and unknown things answer 404 with the same page", async ({ page }) => {
    const unknown = ["/no-such-page", "/models/no-such-model", "/models/no-such-model/versions", "/models/no-such-model/runs", "/alerts/not-an-id", "/alerts/00000000-0000-4000-8000-000000000000", "/monitors/00000000-0000-4000-8000-000000000000"];
    for (const path of unknown) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "There is nothing here" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Back to the models" })).toBeVisible();
    }
  });
});
