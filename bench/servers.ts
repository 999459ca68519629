import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildIsFresh, sourceHash, stampBuild } from "@/scripts/lib/build-freshness";

// The processes a benchmark run owns: a production build when the sources changed, and a
// `next start` against the run's own database. Nothing here touches `.data/`.

export function nextBin(root: string): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

import { freePort } from "../scripts/lib/free-port";

export { freePort };

/** Builds the production bundle unless the one in .next was made from the current sources. */
export async function ensureBuild(root: string, log: (line: string) => void): Promise<{ built: boolean; seconds: number }> {
  const sources = sourceHash(root);
  if (buildIsFresh(root, sources)) return { built: false, seconds: 0 };
  log("The production build is missing or stale: running `next build` (output in .next/bench-build.log)…");
  const started = performance.now();
  const logFile = path.join(root, ".next", "bench-build.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, "w");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      // Output goes to a file: piping a build into a reader that may stop early breaks .next
      // (ENVIRONMENT.md), and the build's chatter would drown the benchmark's table.
      const child = spawn(process.execPath, [nextBin(root), "build"], {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", out, out],
      });
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
      throw new Error(`next build failed (exit ${code}):\n${tail}`);
    }
  } finally {
    fs.closeSync(out);
  }
  stampBuild(root, sources);
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

export type NextServer = { baseUrl: string; pid: number; logFile: string; stop: () => Promise<void>; child: ChildProcess };

/** `next start` on a free loopback port against `databaseUrl`, resolved once /api/health answers 200. */
export async function startNext(options: {
  root: string;
  databaseUrl: string;
  logFile: string;
  /** Flags for node itself, before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}): Promise<NextServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const out = fs.openSync(options.logFile, "w");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), nextBin(options.root), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: options.root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.databaseUrl,
      // 32 random bytes in base64url: 43 characters, a fresh secret per run.
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: baseUrl,
      PORT: String(port),
      VIGIL_IN_PROCESS_WORKER: "true",
      VIGIL_DEMO: "false",
    },
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!killed) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      await response.arrayBuffer();
      if (response.status === 200) return { baseUrl, pid: child.pid!, logFile: options.logFile, stop, child };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  const tail = fs.readFileSync(options.logFile, "utf8").split("\n").slice(-30).join("\n");
  throw new Error(`next start did not answer GET /api/health with 200:\n${tail}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
