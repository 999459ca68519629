import fs from "node:fs";
import path from "node:path";

// The project's own import graph, read from the sources: what the layout checks in
// test/layout.test.ts walk. Tests are left out (they may reach into any file they test).

export const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE_DIRS = ["app", "components", "lib", "scripts", "bench"];
const EXTENSIONS = [".ts", ".tsx"];

/**
 * `typeOnly`: an `import type` / `export type` statement, erased at build (no runtime dependency).
 * `names`: what the statement takes by name (`a as b` gives a); empty for `*`, default and side-effect imports.
 */
export type ImportEdge = { from: string; to: string; specifier: string; typeOnly: boolean; names: string[] };

function walk(dir: string, out: string[]): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (EXTENSIONS.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

export const isTestFile = (file: string) => /\.(test|int\.test|spec)\.tsx?$/.test(file);

/** Every source file (relative to the root), tests left out unless asked for (with e2e/ and test/). */
export function sourceFiles({ withTests = false } = {}): string[] {
  const dirs = withTests ? [...SOURCE_DIRS, "e2e", "test"] : SOURCE_DIRS;
  return dirs.flatMap((d) => walk(path.join(ROOT, d), []))
    .map((f) => path.relative(ROOT, f))
    .filter((f) => withTests || !isTestFile(f));
}

const IMPORT = /(?:^|\n)\s*((?:import|export)\s[^;]*?)from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers a file imports (static, re-exports, side effects and dynamic imports). */
export function specifiersOf(file: string): { specifier: string; typeOnly: boolean; names: string[] }[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map((m) => ({
    specifier: m[2] ?? m[3] ?? m[4]!,
    typeOnly: /^(?:import|export)\s+type\s/.test(m[1] ?? ""),
    names: (/\{([^}]*)\}/.exec(m[1] ?? "")?.[1] ?? "").split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!).filter(Boolean),
  }));
}

/** The project file a specifier names, or null for a package. */
export function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return path.normalize(candidate);
  }
  return null;
}

export function importEdges(files = sourceFiles()): ImportEdge[] {
  return files.flatMap((from) =>
    specifiersOf(from).flatMap(({ specifier, typeOnly, names }) => {
      const to = resolveImport(from, specifier);
      return to ? [{ from, to, specifier, typeOnly, names }] : [];
    }),
  );
}

export const isDomainIndex = (file: string) => /^lib\/services\/[^/]+\/index\.ts$/.test(file);

/**
 * The edges with each import of a service domain's index.ts taken to the files that define the
 * names it takes: the index only re-exports, so the dependency is on those files. (Two domains may
 * call each other, as models and labelling do, without their files forming a loop.)
 */
export function throughDomainIndexes(edges: ImportEdge[]): ImportEdge[] {
  const definedIn = new Map<string, string>(); // "index|name" → file
  for (const e of edges) if (isDomainIndex(e.from)) for (const n of e.names) definedIn.set(`${e.from}|${n}`, e.to);
  return edges.flatMap((e) => {
    if (!isDomainIndex(e.to) || isDomainIndex(e.from)) return [e];
    const targets = new Set(e.names.map((n) => definedIn.get(`${e.to}|${n}`) ?? e.to));
    return [...targets].map((to) => ({ ...e, to }));
  });
}

/** A file's folder; a file directly in lib/ (env.ts, server-startup.ts) stands for itself. */
export function folderOf(file: string): string {
  const dir = path.dirname(file);
  return dir === "lib" ? file.replace(/\.tsx?$/, "") : dir;
}

/** Folders that import each other, directly or round a loop: each strongly connected set of two or more. */
export function folderCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}
