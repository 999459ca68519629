// Client-safe: which permission opens which page, by path. The app layout checks it before
// anything streams, so that a refused page answers 403 (a page under a loading boundary has
// already sent its 200 by the time the page itself runs). Each page still checks its own
// permission too; a unit test keeps the two in step.
import type { Permission } from "./roles";

/** The request header through which proxy.ts tells the app layout the path asked for. */
export const PAGE_PATH_HEADER = "x-vigil-page-path";

const RULES: readonly [RegExp, Permission][] = [
  [/^\/labelling(\/|$)/, "labels.write"],
  [/^\/actions(\/|$)/, "actions.decide"],
  [/^\/audit(\/|$)/, "audit.view"],
  [/^\/settings\/notifications(\/|$)/, "notifications.manage"],
  [/^\/settings(\/|$)/, "users.manage"],
  [/^\/models\/new\/?$/, "models.manage"],
  [/^\/models\/[^/]+\/settings(\/|$)/, "models.manage"],
  [/^\/models\/[^/]+\/labelling(\/|$)/, "labelling.manage"],
  [/^\/monitors\/new\/?$/, "monitors.manage"],
  [/^\/monitors\/[^/]+\/edit\/?$/, "monitors.manage"],
  [/^\/account(\/|$)/, "account.manage"],
];

/** The permission a page at `pathname` needs (every other page: any signed-in person). */
export function permissionForPage(pathname: string): Permission {
  return RULES.find(([pattern]) => pattern.test(pathname))?.[1] ?? "models.view";
}
