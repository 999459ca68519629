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

export function buildIsFresh(root: string): boolean {
  const stamp = path.join(root, STAMP_FILE);
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || !fs.existsSync(stamp)) return false;
  return fs.readFileSync(stamp, "utf8").trim() === sourceHash(root);
}

export function stampBuild(root: string): void {
  fs.writeFileSync(path.join(root, STAMP_FILE), sourceHash(root) + "\n");
}
