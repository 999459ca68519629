import { expect, test } from "@playwright/test";
import { builtActions, callAction } from "@/test/app-surface";
import { PAGE_PARAMS } from "@/test/access-matrix";
import { storageStateFor } from "./support";

// Cross-site request forgery against server actions (issue #8): Next.js compares a server action's
// Origin with the Host it was sent to and refuses a mismatch before the action runs. Proved here
// against the production server with a signed-in admin's cookies, which is what a forged
// cross-site POST would carry.

test("a server action posted from a foreign Origin is refused and changes nothing", async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor("admin") });
  const create = builtActions(process.cwd(), PAGE_PARAMS).find((a) => a.key === "lib/actions/models.ts#createModelAction")!;
  const slug = `csrf-${Date.now().toString(36)}`;
  const input = { slug, name: "Forged", task: "binary", classes: ["a", "b"], positiveClass: "b", description: "" };
  const port = new URL(baseURL!).port;

  for (const origin of ["https://evil.example", `http://evil.example:${port}`, `http://localhost.evil.example:${port}`, "null"]) {
    const answer = await callAction(admin, baseURL!, create, input, { origin });
    expect(answer.status, origin).toBe(500);
    expect(answer.ok, origin).not.toBe(true);
    expect(answer.text, origin).not.toContain(slug);
  }
  expect((await admin.get(`/api/v1/models/${slug}/metrics`)).status()).toBe(404);

  // The very same call from the app's own origin goes through: it was the Origin that was refused.
  const same = await callAction(admin, baseURL!, create, input);
  expect(same).toMatchObject({ status: 200, ok: true });
  expect((await admin.get(`/api/v1/models/${slug}/metrics`)).status()).toBe(200);
  await admin.dispose();
});
