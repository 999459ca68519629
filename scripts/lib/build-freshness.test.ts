import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsFresh, sourceHash, stampBuild } from "./build-freshness";

let root = "";
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A tree with one source file and a finished build (a BUILD_ID in .next). */
function tree() {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-freshness-"));
  fs.mkdirSync(path.join(root, "app"));
  fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;\n");
  fs.mkdirSync(path.join(root, ".next"));
  fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
  return root;
}

describe("the build stamp", () => {
  it("finds a build fresh until a source changes", () => {
    const dir = tree();
    expect(buildIsFresh(dir)).toBe(false);
    stampBuild(dir, sourceHash(dir));
    expect(buildIsFresh(dir)).toBe(true);
    fs.writeFileSync(path.join(dir, "app", "page.tsx"), "export default 2;\n");
    expect(buildIsFresh(dir)).toBe(false);
  });

  it("holds the sources as the build found them: an edit made during the build is built next time", () => {
    const dir = tree();
    const before = sourceHash(dir);
    // `next build` runs… and someone saves a file meanwhile.
    fs.writeFileSync(path.join(dir, "app", "page.tsx"), "export default 'edited during the build';\n");
    stampBuild(dir, before);
    expect(buildIsFresh(dir)).toBe(false);
  });
});
