import { chromium } from "@playwright/test";
import fs from "node:fs";
const base = "http://localhost:3301";
const creds = JSON.parse(fs.readFileSync(".data/dev/demo-credentials.json", "utf8"));
const role = process.argv[2] ?? "approver";
const pages = process.argv.slice(3);
const { email, password } = creds.find((c) => c.role === role);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base + "/login");
await page.getByLabel("E-mail").fill(email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
for (const p of pages) {
  const [path, name, wait] = p.split("|");
  await page.goto(base + path);
  await page.waitForLoadState("networkidle");
  if (wait) await page.waitForTimeout(Number(wait));
  await page.screenshot({ path: `/tmp/monprobe/${name}.png`, fullPage: true });
  console.log("shot", name, page.url());
}
await browser.close();
