import fs from "node:fs";
import path from "node:path";

// Reads the V8 CPU profiles that `node --cpu-prof` writes and sums self time, so a run can say
// where the Next.js server's CPU went without opening DevTools.

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] };

export type ProfileSummary = {
  file: string;
  profiledMs: number;
  /** Self time by where the code lives: Node.js internals, Next.js, the app bundle, drizzle/postgres, zod, GC, idle. */
  byArea: Record<string, number>;
  top: { functionName: string; where: string; selfMs: number }[];
};

function area(url: string, functionName: string): string {
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "gc";
  if (functionName === "(program)") return "v8 (program)";
  if (!url) return "native";
  if (url.startsWith("node:")) return "node internals";
  if (/node_modules[\\/](zod)[\\/]/.test(url) || /[\\/]zod[\\/]/.test(url)) return "zod";
  if (/node_modules[\\/](postgres|drizzle-orm)[\\/]/.test(url)) return "postgres/drizzle";
  if (/node_modules[\\/]next[\\/]/.test(url)) return "next";
  if (/node_modules[\\/](react|react-dom|react-server-dom)/.test(url)) return "react";
  if (/\.next[\\/]server[\\/]/.test(url)) return "app bundle";
  return "other";
}

/** Self time per function, from the profile's samples and the time between them. */
export function summariseProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      // timeDeltas[i] is the gap before sample i; the gap after it belongs to it, the usual attribution.
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(id, (self.get(id) ?? 0) + ms);
    }
  }
  const byArea: Record<string, number> = {};
  const byFunction = new Map<string, { functionName: string; where: string; selfMs: number }>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const group = area(url, functionName);
    byArea[group] = (byArea[group] ?? 0) + ms;
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : "";
    const key = `${functionName}@${where}`;
    const entry = byFunction.get(key) ?? { functionName: functionName || "(anonymous)", where, selfMs: 0 };
    entry.selfMs += ms;
    byFunction.set(key, entry);
  }
  for (const key of Object.keys(byArea)) byArea[key] = Math.round(byArea[key]!);
  return {
    file,
    profiledMs: Math.round((profile.endTime - profile.startTime) / 1000),
    byArea: Object.fromEntries(Object.entries(byArea).sort((a, b) => b[1] - a[1])),
    top: [...byFunction.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((e) => ({ ...e, selfMs: Math.round(e.selfMs) })),
  };
}

function shorten(url: string): string {
  const clean = url.replace(/^file:\/\//, "");
  const nodeModules = clean.lastIndexOf("node_modules/");
  if (nodeModules >= 0) return clean.slice(nodeModules + "node_modules/".length);
  const next = clean.indexOf("/.next/");
  if (next >= 0) return clean.slice(next + 1);
  return path.basename(clean);
}

/** The profiles a directory holds, newest last. */
export function profilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}
