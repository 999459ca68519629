import crypto from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // The guard that keeps server modules out of client bundles has no meaning in Node tests.
  "server-only": path.resolve(import.meta.dirname, "test/server-only-noop.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "scripts/**/*.int.test.ts", "test/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["test/integration-global-setup.ts"],
          // Stored secrets are sealed with a key of this run's own; receivers on loopback are allowed per file (test/receiver.ts).
          env: { VIGIL_SECRET_KEY: crypto.randomBytes(32).toString("base64"), VIGIL_OUTBOUND_ALLOW: "" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
