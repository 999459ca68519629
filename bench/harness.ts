import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeError } from "./ingest-service";
import { round } from "./measure";
import { ensureBuild, sleep, startNext, type NextServer } from "./servers";
import { startBenchDatabase, type BenchDatabase } from "./setup";

/**
 * What every bench script shares, so that a bench is only its measurements: a log line with the
 * bench's name, the production build (waiting for anyone else's build in this tree), a fresh
 * PostgreSQL and a `next start`, both stopped and their folders removed however the run ends (an
 * error, a failed goal, Ctrl-C), the machine's description, the results file and the exit code.
 * A bench is `runBench("name", async (bench) => exitCode)`; its flags are read with flags.ts.
 */
export type Bench = {
  root: string;
  startedAt: Date;
  log: (line: string) => void;
  /** Seconds since `since` (a performance.now()), to a tenth. */
  seconds: (since: number) => number;
  /** The production build, built if it is stale; waits first for a `next build` someone else runs here. */
  build: () => Promise<{ built: boolean; seconds: number }>;
  database: (options: { concurrency: number; pgSettings: Record<string, string> }) => Promise<BenchDatabase>;
  /** `next start` against `databaseUrl`; if the build went away since it was checked, builds again and retries once. */
  startNext: (options: { databaseUrl: string; logFile: string; nodeArgs?: string[] }) => Promise<NextServer>;
  stopNext: () => Promise<void>;
  /** The pids whose CPU is this run's own (PostgreSQL, the Next.js server), for the noise watch. */
  pids: () => (number | null)[];
  machine: () => { cpus: number; cpuModel: string | null; memoryGiB: number; node: string; platform: string };
  /** Writes bench/results/<name>-<time>.json and <latest>; returns the first's path from the root. */
  writeResults: (name: string, latest: string, report: unknown) => string;
};

export function runBench(name: string, main: (bench: Bench) => Promise<number>): void {
  const root = process.cwd();
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${name}] ${line}`);
  const running: { tempDir: string | null; stopDatabase: (() => Promise<void>) | null; next: NextServer | null; postmasterPid: number | null } = {
    tempDir: null,
    stopDatabase: null,
    next: null,
    postmasterPid: null,
  };
  // A synchronous last resort (process.exit, a signal): the server killed, the folder removed.
  process.on("exit", () => {
    const { next, tempDir } = running;
    if (next && next.child.exitCode === null && next.child.signalCode === null) next.child.kill("SIGTERM");
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  const build = async () => {
    await waitForOtherBuilds(root, log);
    const built = await ensureBuild(root, log);
    if (built.built) log(`Built in ${built.seconds.toFixed(1)} s.`);
    return built;
  };

  const bench: Bench = {
    root,
    startedAt,
    log,
    seconds: (since) => round((performance.now() - since) / 1000, 1),
    build,
    database: async (options) => {
      const database = await startBenchDatabase({
        ...options,
        log,
        onStarted: ({ tempDir, stop }) => {
          running.tempDir = tempDir;
          running.stopDatabase = stop;
        },
      });
      running.postmasterPid = database.postmasterPid;
      return database;
    },
    startNext: async (options) => {
      const start = () => startNext({ root, ...options });
      try {
        running.next = await start();
      } catch (error) {
        // .next is shared with whoever else builds in this tree, and was seen replaced between our
        // build and our start: build once more and retry, once.
        if (!String(error).includes("Could not find a production build")) throw error;
        log("The production build went away after it was checked (another build in this tree?); building again…");
        await build();
        running.next = await start();
      }
      return running.next;
    },
    stopNext: async () => {
      await running.next?.stop();
      running.next = null;
    },
    pids: () => [running.postmasterPid, running.next?.pid ?? null],
    machine: () => ({
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
      node: process.version,
      platform: `${process.platform} ${os.release()}`,
    }),
    writeResults: (file, latest, report) => {
      const resultsDir = path.join(root, "bench", "results");
      fs.mkdirSync(resultsDir, { recursive: true });
      const target = path.join(resultsDir, `${file}-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
      const text = JSON.stringify(report, null, 2) + "\n";
      fs.writeFileSync(target, text);
      fs.writeFileSync(path.join(resultsDir, latest), text);
      return path.relative(root, target);
    },
  };

  void (async () => {
    let exitCode = 1;
    try {
      exitCode = await main(bench);
    } catch (error) {
      console.error(`[${name}] ${describeError(error)}`);
      if (error instanceof Error && error.stack) console.error(error.stack.split("\n").filter((l) => l.trimStart().startsWith("at ")).slice(0, 8).join("\n"));
    } finally {
      await running.next?.stop().catch(() => {});
      await running.stopDatabase?.().catch(() => {});
      running.tempDir = null;
    }
    process.exit(exitCode);
  })();
}

/** Another `next build` in this tree (someone else's): wait for it rather than build over it. */
async function waitForOtherBuilds(root: string, log: (line: string) => void): Promise<void> {
  const building = () =>
    fs
      .readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
      .some((pid) => {
        try {
          const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
          const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
          return cwd === root && args.some((a) => a.endsWith(path.join("next", "dist", "bin", "next")) || a.endsWith(".bin/next")) && args.includes("build");
        } catch {
          return false;
        }
      });
  if (!fs.existsSync("/proc") || !building()) return;
  log("Another `next build` is running in this tree: waiting for it to finish…");
  const deadline = Date.now() + 15 * 60_000;
  while (building() && Date.now() < deadline) await sleep(2000);
}
