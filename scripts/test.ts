import { spawnSync } from "node:child_process";
import { sourceHash, stampBuild } from "./lib/build-freshness";

/**
 * `npm test`: every tier in order, stopping at the first failure. One production build serves
 * all browser tests (the e2e web server finds it fresh and does not build again).
 */
// The sources as the build found them: an edit made while it ran makes the next start build again.
let builtFrom = "";
const steps: { name: string; command: string[]; before?: () => void; after?: () => void }[] = [
  { name: "typecheck", command: ["npx", "tsc", "--noEmit"] },
  { name: "lint", command: ["npx", "eslint", "--max-warnings=0", "."] },
  { name: "unit tests", command: ["npx", "vitest", "run", "--project", "unit"] },
  { name: "integration tests", command: ["npx", "vitest", "run", "--project", "integration"] },
  { name: "production build", command: ["npx", "next", "build"], before: () => (builtFrom = sourceHash(process.cwd())), after: () => stampBuild(process.cwd(), builtFrom) },
  // The Python client against the build just made (says so and passes when python3 is missing).
  { name: "python client", command: ["node", "--conditions=react-server", "--import", "tsx", "scripts/python-client-test.ts"] },
  { name: "browser tests", command: ["npx", "playwright", "test"] },
];

const timings: string[] = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  step.before?.();
  const result = spawnSync(step.command[0]!, step.command.slice(1), {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${step.name.padEnd(20)} ${seconds.padStart(6)} s  ${result.status === 0 ? "ok" : "FAILED"}`);
  if (result.status !== 0) {
    console.error(`\n${timings.join("\n")}\n\n${step.name} failed.`);
    process.exit(result.status ?? 1);
  }
  step.after?.();
}
console.log(`\n${timings.join("\n")}\n\nAll tests passed.`);
