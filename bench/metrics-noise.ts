import fs from "node:fs";
import { round, treeCpuSeconds } from "./measure";

// This machine is shared: other people's builds and tests take CPU while a phase is timed. Each
// phase records how much CPU the whole machine used against what this run's processes did, so a
// slow phase can be told apart from a slow read path.

function machineBusySeconds(): number | null {
  if (!fs.existsSync("/proc/stat")) return null;
  const [line] = fs.readFileSync("/proc/stat", "utf8").split("\n");
  const ticks = line!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const busy = ticks.reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0) - (ticks[8] ?? 0) - (ticks[9] ?? 0); // guest time is already in user
  return busy / 100; // USER_HZ, 100 on Linux
}

export type Noise = { wallSeconds: number; machineCpuSeconds: number | null; ownCpuSeconds: number | null; otherCpuSeconds: number | null };

/** Starts watching; the returned function says what the machine and this run's processes used since. */
export function watchNoise(pids: () => (number | null)[]): () => Noise {
  const own = () => {
    const usage = process.cpuUsage();
    let seconds = (usage.user + usage.system) / 1e6;
    for (const pid of pids()) {
      if (pid === null) continue;
      const tree = treeCpuSeconds(pid);
      if (tree === null) return null;
      seconds += tree;
    }
    return seconds;
  };
  const start = { at: performance.now(), machine: machineBusySeconds(), own: own() };
  return () => {
    const machine = machineBusySeconds();
    const mine = own();
    const machineCpu = machine === null || start.machine === null ? null : round(machine - start.machine, 2);
    const ownCpu = mine === null || start.own === null ? null : round(mine - start.own, 2);
    return {
      wallSeconds: round((performance.now() - start.at) / 1000, 2),
      machineCpuSeconds: machineCpu,
      ownCpuSeconds: ownCpu,
      otherCpuSeconds: machineCpu === null || ownCpu === null ? null : round(Math.max(0, machineCpu - ownCpu), 2),
    };
  };
}
