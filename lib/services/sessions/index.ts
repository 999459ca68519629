import "server-only";
// What code outside lib/services/sessions/ may import from it (test/layout.test.ts holds callers to this file).

export { endOwnSessions } from "./end-own-sessions";
export { endSession, endUserSessions } from "./end-sessions";
export { listOwnSessions } from "./list-own-sessions";
export type { OwnSession } from "./list-own-sessions";
export { pruneSessions } from "./prune-sessions";
export { SESSION_HOURS, startSession } from "./start-session";
