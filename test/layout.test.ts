import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { folderCycles, importEdges, ROOT, sourceFiles, specifiersOf, isDomainIndex, throughDomainIndexes } from "./import-graph";

// The layout rules of docs/adr/0013-layout.md, checked over the sources' import graph (issue #17).
// The database out of app/ and components/ is an ESLint rule (eslint.config.mjs); these are the
// rules a lint rule does not say.

/** The unit of layering: a folder under lib/ (lib/services, lib/db, …), a file directly in lib/, or a top folder. */
function unitOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "lib") return parts[0]!;
  return parts.length === 2 ? file.replace(/\.tsx?$/, "") : `lib/${parts[1]}`;
}

describe("the layout", () => {
  const edges = importEdges();

  it("has no import cycle between folders (type-only imports aside, as the build erases them)", () => {
    const runtime = edges.filter((e) => !e.typeOnly);
    // folderCycles groups by a file's folder; give it each file's unit instead.
    const byUnit = runtime.map((e) => ({ ...e, from: `${unitOf(e.from)}/_`, to: `${unitOf(e.to)}/_` }));
    const cycles = folderCycles(byUnit).map((cycle) => cycle.map((c) => c.replace(/\/_$/, "")));
    const explain = cycles.map((cycle) => {
      const inCycle = new Set(cycle);
      const across = runtime.filter((e) => unitOf(e.from) !== unitOf(e.to) && inCycle.has(unitOf(e.from)) && inCycle.has(unitOf(e.to)));
      return `${cycle.join(" ⇄ ")}:\n${across.map((e) => `  ${e.from} → ${e.to}`).join("\n")}`;
    });
    expect(explain).toEqual([]);
  });

  it("has no import cycle between files, type-only imports included (through a domain's index to the file it re-exports)", () => {
    // Each file as a folder of its own.
    const cycles = folderCycles(throughDomainIndexes(edges).map((e) => ({ ...e, from: `${e.from}/_`, to: `${e.to}/_` })));
    expect(cycles).toEqual([]);
  });

  it("checks API keys in one place: lib/api/http.ts's keyRoute (benches aside, which time the check)", () => {
    const importers = throughDomainIndexes(edges).filter((e) => e.to === "lib/services/api-keys/authenticate-api-key.ts" && !isDomainIndex(e.from) && !e.from.startsWith("bench/")).map((e) => e.from);
    expect([...new Set(importers)]).toEqual(["lib/api/http.ts"]);
  });

  it("queues jobs in one place: only lib/jobs/enqueue.ts holds pg-boss at run time", () => {
    const runtimeBoss = sourceFiles().filter((file) => specifiersOf(file).some((s) => s.specifier === "pg-boss" && !s.typeOnly));
    expect(runtimeBoss).toEqual(["lib/jobs/enqueue.ts"]);
  });

  it("keeps route files to wiring: app/api reaches lib/ only through lib/api/routes, lib/api/openapi, lib/session/options and lib/services/health", () => {
    const allowed = [/^lib\/api\/routes\//, /^lib\/api\/openapi\.ts$/, /^lib\/session\/options\.ts$/, /^lib\/services\/health\.ts$/];
    expect(edges.filter((e) => e.from.startsWith("app/api/v1/")).length).toBeGreaterThan(15);
    const reaching = edges.filter((e) => e.from.startsWith("app/api/") && !allowed.some((a) => a.test(e.to))).map((e) => `${e.from} → ${e.to}`);
    expect(reaching).toEqual([]);
  });

  it("reaches a service domain only through its index.ts: lib/services/<domain>/index.ts names what others may call", () => {
    const domainFile = /^lib\/services\/([^/]+)\/(.+)$/;
    const all = importEdges(sourceFiles({ withTests: true }));
    const domains = new Set(all.flatMap((e) => domainFile.exec(e.to)?.[1] ?? []));
    expect(domains.size).toBeGreaterThan(10);
    for (const domain of domains) expect(fs.existsSync(path.join(ROOT, "lib/services", domain, "index.ts")), `lib/services/${domain}/index.ts`).toBe(true);
    // A domain's own files and tests reach its files directly; everyone else goes through the index.
    const reaching = all.filter((e) => {
      const inside = domainFile.exec(e.to);
      return inside && inside[2] !== "index.ts" && !e.from.startsWith(`lib/services/${inside[1]}/`);
    });
    expect(reaching.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
    // And an index names only what is called from outside, so it reads as the domain's surface.
    const used = new Set(all.filter((e) => isDomainIndex(e.to)).flatMap((e) => e.names.map((n) => `${e.to}|${n}`)));
    const unused = all.filter((e) => isDomainIndex(e.from)).flatMap((e) => e.names.map((n) => `${e.from}|${n}`)).filter((n) => !used.has(n));
    expect(unused).toEqual([]);
  });

  it("marks every module that must never reach a browser with server-only: services, the database, jobs, workers, the API", () => {
    const serverOnly = /^(?:lib\/services\/|lib\/db\/[^/]+\.ts$|lib\/jobs\/|lib\/workers\/|lib\/api\/http\.ts$|lib\/api\/routes\/)/;
    const files = sourceFiles().filter((f) => serverOnly.test(f));
    expect(files.length).toBeGreaterThan(100);
    const unmarked = files.filter((f) => !/^import "server-only";$/m.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(unmarked).toEqual([]);
  });
});
