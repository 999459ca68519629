import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// What a production build is made from: any change here means `npm start` builds again.
const SOURCES = ["app", "components", "lib", "public", "types"];
const FILES = ["next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "proxy.ts", "instrumentation.ts"];
export const STAMP_FILE = path.join(".next", "vigil-source-hash");

export function sourceHash(root: string): string {
  const hash = crypto.createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) visit(path.join(relative, entry));
    } else {
      hash.update(relative).update("\0").update(fs.readFileSync(full)).update("\0");
    }
  };
  [...SOURCES, ...FILES].forEach(visit);
  return hash.digest("hex");
}

/** Whether the build in .next was made from the sources as they are (`hash`: sourceHash(root), when already computed). */
export function buildIsFresh(root: string, hash: string = sourceHash(root)): boolean {
  const stamp = path.join(root, STAMP_FILE);
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || !fs.existsSync(stamp)) return false;
  return fs.readFileSync(stamp, "utf8").trim() === hash;
}

/**
 * Records what the build was made from: the hash taken BEFORE it started. A file edited while
 * `next build` ran may or may not be in the bundle; stamped with the hash before, the next start
 * sees the edit and builds again rather than serving a bundle without it.
 */
export function stampBuild(root: string, hashBeforeBuild: string): void {
  fs.writeFileSync(path.join(root, STAMP_FILE), hashBeforeBuild + "\n");
}
