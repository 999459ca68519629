import "server-only";
// What code outside lib/services/users/ may import from it (test/layout.test.ts holds callers to this file).

export { authenticate } from "./authenticate";
export { changeOwnPassword } from "./change-own-password";
export { changeUserRole } from "./change-user-role";
export { createUser } from "./create-user";
export { findSessionUser } from "./find-session-user";
export { getOwnAccount } from "./get-own-account";
export { listUsers } from "./list-users";
export { pruneSignInAttempts } from "./prune-sign-in-attempts";
export { resetUserPassword } from "./reset-user-password";
export { setUserActive } from "./set-user-active";
export { signInWithOidc } from "./sign-in-with-oidc";
