import { expect, test } from "@playwright/test";
import { ACTIONS, PAGE_PARAMS } from "@/test/access-matrix";
import { builtActions, callAction } from "@/test/app-surface";
import { storageStateFor } from "./support";

// Issue #14: text PostgreSQL cannot store (NUL, an unpaired surrogate) and times it cannot take
// never make a server action or a page fail. Every server action answers a field error naming the
// field, before its service runs; pages given such query parameters still render.

test.use({ storageState: storageStateFor("admin") });

test("every server action refuses NUL and unpaired surrogates with a field error naming the field", async ({ playwright, baseURL }) => {
  test.setTimeout(120_000);
  const request = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const actions = builtActions(process.cwd(), PAGE_PARAMS);
  const wrong: string[] = [];
  for (const key of Object.keys(ACTIONS)) {
    const action = actions.find((a) => a.key === key);
    if (!action) continue; // used by no page: nobody can call it
    // Plausible input for any action, with one field holding the bad text.
    for (const bad of ["spam\u0000filter", "spam\ud800"]) {
      const input = { model: "spam-filter", slug: "spam-filter", label: "spam", note: bad };
      const answer = await callAction(request, baseURL!, action, input);
      if (answer.status !== 200 || answer.code !== "invalid_input" || !/"fieldErrors":\{"note":\["must not contain/.test(answer.text)) {
        wrong.push(`${key} with ${JSON.stringify(bad)}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
  }
  await request.dispose();
  expect(wrong).toEqual([]);
});

test("pages given NUL or impossible times in their query render, not an error page", async ({ page }) => {
  test.setTimeout(60_000);
  const urls = [
    "/alerts?model=%00",
    "/monitors?model=%00",
    "/labelling?model=%00",
    "/audit?model=%00&person=%00&action=%00",
    "/audit?from=0000-01-01&to=0050-06-01",
    "/models/spam-filter?range=custom&from=0000-06-01T00:00:00Z&to=2026-01-01T00:00:00Z",
    "/models/spam-filter?range=custom&from=%00&to=%00",
  ];
  for (const url of urls) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), url).toBeVisible();
  }
  // A model slug that cannot exist is simply not found.
  expect((await page.goto("/models/%00"))?.status()).toBe(404);
});
