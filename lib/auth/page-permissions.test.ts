import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { permissionForPage } from "./page-permissions";

// Every page under app/(app) checks its own permission; the layout's table must ask the same, or a
// page would answer 403 to someone it lets in (or stream its refusal with a 200).
const APP = path.join(process.cwd(), "app", "(app)");

function pageFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pageFiles(full);
    return entry.name === "page.tsx" ? [full] : [];
  });
}

/** A path that the page's route matches: each [param] becomes a sample value. */
function samplePath(file: string): string {
  const route = path.relative(APP, path.dirname(file)).split(path.sep).filter(Boolean);
  return "/" + route.map((segment) => (segment.startsWith("[") ? "sample-1" : segment)).join("/");
}

describe("permissionForPage", () => {
  const pages = pageFiles(APP);

  it("finds the pages", () => {
    expect(pages.length).toBeGreaterThan(15);
  });

  for (const file of pages) {
    it(`asks what ${samplePath(file)} asks itself`, () => {
      const own = /requirePageUser\("([a-z.]+)"\)/.exec(fs.readFileSync(file, "utf8"))?.[1];
      expect(own, `${file} checks no permission`).toBeDefined();
      expect(permissionForPage(samplePath(file))).toBe(own);
    });
  }

  it("asks the same with a trailing slash or a deeper path", () => {
    expect(permissionForPage("/settings/users/")).toBe("users.manage");
    expect(permissionForPage("/settings/notifications")).toBe("notifications.manage");
    expect(permissionForPage("/models/new/")).toBe("models.manage");
    expect(permissionForPage("/models/newer")).toBe("models.view");
    expect(permissionForPage("/monitors/abc/edit")).toBe("monitors.manage");
    expect(permissionForPage("/labellingx")).toBe("models.view");
  });
});
