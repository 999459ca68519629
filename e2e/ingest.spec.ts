import { expect, test } from "@playwright/test";
import { errorMessage, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("admin") });

test("an admin registers a model and a key in the UI; predictions sent with the key show on the overview", async ({ page, request }) => {
  const slug = `fraud-${Date.now().toString(36)}`;

  await page.goto("/");
  await page.getByRole("link", { name: "Register a model" }).click();
  const form = page.getByRole("form", { name: "Register a model" });
  await form.getByLabel("Display name").fill("Fraud detector");
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Class labels").fill("legit, fraud");
  await form.getByLabel("Positive class").selectOption("fraud");
  await form.getByRole("button", { name: "Register model" }).click();
  await expect(page.getByText(`Registered ${slug}.`)).toBeVisible();
  const card = page.getByRole("listitem").filter({ hasText: slug });
  await expect(card.getByTestId("prediction-count")).toHaveText("0");

  await page.goto("/settings/api-keys");
  const keyForm = page.getByRole("form", { name: "Create an API key" });
  await keyForm.getByLabel("Name").fill(`server ${slug}`);
  await keyForm.getByLabel("Only these…").check();
  await keyForm.getByRole("checkbox", { name: new RegExp(slug) }).check();
  await keyForm.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(secret).toMatch(/^vgl_[\w-]{43}$/);

  const predictions = Array.from({ length: 25 }, (_, i) => ({ id: `tx-${i}`, score: i / 25, label: i / 25 >= 0.5 ? "fraud" : "legit", features: { amount: 10 * i } }));
  const sent = await request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${secret}` }, data: { model: slug, predictions } });
  expect(sent.status()).toBe(200);
  expect(await sent.json()).toEqual({ accepted: 25, duplicates: 0 });
  const replay = await request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${secret}` }, data: { model: slug, predictions } });
  expect(await replay.json()).toEqual({ accepted: 0, duplicates: 25 });
  // The key is scoped to the new model only.
  const elsewhere = await request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${secret}` }, data: { model: "spam-filter", predictions } });
  expect(elsewhere.status()).toBe(403);

  // Counts come from rollups, brought up to date a moment after the batch: look until they are.
  const count = page.getByRole("listitem").filter({ hasText: slug }).getByTestId("prediction-count");
  await expect(async () => {
    await page.goto("/");
    await expect(count).toHaveText("25", { timeout: 500 });
  }).toPass({ timeout: 10_000 });

  // Revoking in the UI takes effect on the very next request.
  await page.goto("/settings/api-keys");
  const row = page.getByTestId(`api-key-server ${slug}`);
  await expect(row).not.toContainText("Never");
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Revoke for good" }).click();
  await expect(page.getByText(`Revoked server ${slug}: it is refused from now on.`)).toBeVisible();
  const refused = await request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${secret}` }, data: { model: slug, predictions: [{ id: "late", score: 0.1, label: "legit" }] } });
  expect(refused.status()).toBe(401);
});

test("the model form explains what is wrong", async ({ page }) => {
  await page.goto("/models/new");
  const form = page.getByRole("form", { name: "Register a model" });
  await form.getByLabel("Display name").fill("Duplicate");
  await form.getByLabel("Slug").fill("spam-filter");
  await form.getByLabel("Class labels").fill("a, b");
  await form.getByLabel("Positive class").selectOption("b");
  await form.getByRole("button", { name: "Register model" }).click();
  await expect(errorMessage(page)).toHaveText("A model with the slug spam-filter already exists.");

  await form.getByLabel("Multiclass classifier").check();
  await form.getByLabel("Slug").fill("new-multi");
  await form.getByRole("button", { name: "Register model" }).click();
  await expect(form.getByText("A multiclass model has at least three classes (use binary for two)")).toBeVisible();
});

test("the API page documents every endpoint from the OpenAPI document", async ({ page, request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  await page.goto("/api-docs");
  for (const path of Object.keys(doc.paths)) {
    await expect(page.getByRole("navigation", { name: "Endpoints" }).getByText(path).first()).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "POST /api/v1/predictions" })).toContainText("Binary: probability of the positive class");
});
