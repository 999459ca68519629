import { createRequire } from "node:module";
import { defineConfig, devices } from "@playwright/test";
import { OIDC_E2E_ENV } from "./e2e/oidc-provider";

// Specs seed through lib/ (e2e/seed.ts trains a model with the services), and Playwright loads
// them without the react-server condition, where `import "server-only"` throws. The guard keeps
// server modules out of browser bundles and means nothing here, so it is an empty module in the
// runner and in each worker (both load this file), as vitest.config.ts aliases it.
const require = createRequire(import.meta.url);
const serverOnly = require.resolve("server-only");
require.cache[serverOnly] ??= { id: serverOnly, filename: serverOnly, loaded: true, exports: {} } as NodeJS.Module;

// Browser tests run against a production build (`npm test` builds once before them) in Debian's
// Chromium; browsers are never downloaded. The server gets its own fresh data folder and port.
const port = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = ".data/e2e";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Generous: on two cores shared with other builds a sign-in (scrypt) and a first render took
  // over 10 s each, and whole tests of several pages passed 30 s, with nothing wrong. Speed is
  // measured by the benches, not here.
  timeout: 60_000,
  expect: { timeout: 20_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        ...(isRoot ? ["--no-sandbox"] : []),
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined }, dependencies: ["setup"] },
  ],
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node --conditions=react-server --import tsx scripts/start.ts`,
    url: `http://localhost:${port}/api/health`,
    // The demo seed (three models trained and a month of history) takes about a minute on two
    // quiet cores and several times that on busy ones; this is a wait, not a measure.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      VIGIL_DATA_DIR: E2E_DATA_DIR,
      VIGIL_EMBEDDED_PG_PORT: String(port + 20000),
      VIGIL_DEMO: "true",
      // Generous per-address limit: every browser test signs in from 127.0.0.1.
      VIGIL_SIGNIN_MAX_FAILURES_PER_ADDRESS: "100",
      // The specs' webhook receivers listen on 127.0.0.1; every other private address stays refused.
      VIGIL_OUTBOUND_ALLOW: "127.0.0.1",
      DATABASE_URL: "",
      // Single sign-on through the OpenID provider e2e/sign-in-oidc.spec.ts starts on loopback.
      ...OIDC_E2E_ENV,
    },
  },
});
