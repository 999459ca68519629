import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}

it("a child started as start.ts starts Next.js stops itself when its parent is killed with -9", async () => {
  const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vigil-orphan-")), "child");
  const parent = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "parent.ts"), marker], { stdio: "inherit" });
  expect(await until(() => fs.existsSync(marker) && /^\d+$/.test(fs.readFileSync(marker, "utf8")), 30_000)).toBe(true);
  const child = Number(fs.readFileSync(marker, "utf8"));
  expect(isAlive(child)).toBe(true);

  parent.kill("SIGKILL");
  try {
    expect(await until(() => !isAlive(child), 10_000)).toBe(true);
    expect(fs.readFileSync(marker, "utf8")).toBe("stopped");
  } finally {
    if (isAlive(child)) process.kill(child, "SIGKILL");
  }
}, 60_000);
