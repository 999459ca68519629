import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

// What the app exposes to the outside, found from the sources and the production build rather
// than listed by hand, so the access matrix (test/access-matrix.ts) can insist on covering all of it.

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(full, accept, out);
    } else if (accept(full)) out.push(full);
  }
  return out;
}

/** Every `METHOD /api/v1/...` a route file under app/api/v1 exports, path segments as written ([model]). */
export function apiRoutes(root = process.cwd()): string[] {
  const base = path.join(root, "app", "api", "v1");
  const routes: string[] = [];
  for (const file of walk(base, (f) => /[/\\]route\.tsx?$/.test(f))) {
    const source = fs.readFileSync(file, "utf8");
    const url = "/api/v1/" + path.relative(base, path.dirname(file)).split(path.sep).join("/");
    for (const method of HTTP_METHODS) {
      if (new RegExp(`export\\s+(?:const|(?:async\\s+)?function)\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b`).test(source)) routes.push(`${method} ${url}`);
    }
  }
  return routes.sort();
}

/** Every export of a "use server" module under lib/ and app/, as `file#name`: the server actions. */
export function sourceActions(root = process.cwd()): string[] {
  const actions: string[] = [];
  for (const dir of ["lib", "app"]) {
    for (const file of walk(path.join(root, dir), (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))) {
      const source = fs.readFileSync(file, "utf8");
      if (!/^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source)) continue;
      const relative = path.relative(root, file).split(path.sep).join("/");
      for (const match of source.matchAll(/export\s+(?:const|let|(?:async\s+)?function)\s+(\w+)/g)) actions.push(`${relative}#${match[1]}`);
    }
  }
  return actions.sort();
}

export type BuiltAction = { key: string; id: string; page: string };

/**
 * The server actions of the production build in .next, each with its id and a page that serves
 * it (from the worker that holds it: app/(app)/models/[slug]/labelling/page → /models/<slug>/labelling).
 */
export function builtActions(root = process.cwd(), params: Record<string, string> = {}): BuiltAction[] {
  const file = path.join(root, ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0] ?? "app/page";
    const page = worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .split("/")
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .map((segment) => segment.replace(/^\[(\w+)\]$/, (_, name: string) => params[name] ?? segment))
      .join("/");
    return { key: `${entry.filename}#${entry.exportedName}`, id, page: page || "/" };
  });
}

export type ActionAnswer = { status: number; ok: boolean | null; code: string | null; location: string | null; text: string };

/**
 * Calls a server action the way the browser does (POST to a page with a Next-Action header and
 * the arguments as a JSON array), with whatever cookies the request context holds.
 */
export async function callAction(request: APIRequestContext, baseURL: string, action: BuiltAction, input: unknown, headers: Record<string, string> = {}): Promise<ActionAnswer> {
  const response = await request.post(new URL(action.page, baseURL).toString(), {
    headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: new URL(baseURL).origin, ...headers },
    data: JSON.stringify([input]),
    maxRedirects: 0,
  });
  const text = await response.text();
  const ok = /"ok":true/.test(text) ? true : /"ok":false/.test(text) ? false : null;
  return { status: response.status(), ok, code: /"code":"(\w+)"/.exec(text)?.[1] ?? null, location: response.headers()["location"] ?? null, text };
}
