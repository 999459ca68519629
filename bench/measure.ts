import { spawnSync } from "node:child_process";
import fs from "node:fs";

/** The value below which `p` percent of the samples fall (nearest rank), in the samples' unit. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/**
 * CPU seconds used so far by a process and everything below it, read from /proc (Linux only).
 * A process's own time plus the time of children it has already reaped (cutime, cstime) plus its
 * live descendants: so PostgreSQL backends that come and go are all counted, none twice.
 */
export function treeCpuSeconds(rootPid: number): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // The command name sits in parentheses and may hold spaces: the fields start after it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    stats.set(Number(entry), { ppid, ticks });
  }
  if (!stats.has(rootPid)) return null;
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / clockTicks();
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    const parsed = Number(out.stdout?.trim());
    ticksPerSecond = Number.isFinite(parsed) && parsed > 0 ? parsed : 100;
  }
  return ticksPerSecond;
}

export type CpuProcesses = { bench: number; next: number | null; postgres: number | null };
export type CpuUse = { benchSeconds: number; nextSeconds: number | null; postgresSeconds: number | null; wallSeconds: number };

/** Where the CPU time of a phase went: this process, the Next.js server, PostgreSQL (all backends). */
export class CpuMeter {
  private start: { bench: number; next: number | null; postgres: number | null; at: number } | null = null;

  constructor(private readonly pids: { next: number | null; postgres: number | null }) {}

  begin(): void {
    this.start = this.sample();
  }

  end(): CpuUse {
    if (!this.start) throw new Error("CpuMeter.end() before begin()");
    const now = this.sample();
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(b - a, 2));
    return {
      benchSeconds: round(now.bench - this.start.bench, 2),
      nextSeconds: diff(this.start.next, now.next),
      postgresSeconds: diff(this.start.postgres, now.postgres),
      wallSeconds: round((now.at - this.start.at) / 1000, 2),
    };
  }

  private sample() {
    const usage = process.cpuUsage();
    return {
      bench: (usage.user + usage.system) / 1e6,
      next: this.pids.next === null ? null : treeCpuSeconds(this.pids.next),
      postgres: this.pids.postgres === null ? null : treeCpuSeconds(this.pids.postgres),
      at: performance.now(),
    };
  }
}
