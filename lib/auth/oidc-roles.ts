import { ROLES, type Role } from "./roles";

/** Which role each value of the provider's role claim gives (OIDC_ROLE_MAP: `value=role,value=role`). */
export type OidcRoleMap = ReadonlyMap<string, Role>;

/** Most rights first: a person in two mapped groups gets the larger role. */
const RANK: Record<Role, number> = { admin: 4, approver: 3, annotator: 2, viewer: 1 };

/**
 * Parses `vigil-admins=admin,vigil-approvers=approver`: pairs separated by commas (or new lines),
 * the value on the left of the last `=` (group names may hold `=`, roles never do).
 */
export function parseOidcRoleMap(text: string): { map: Map<string, Role>; problems: string[] } {
  const map = new Map<string, Role>();
  const problems: string[] = [];
  for (const entry of text.split(/[,\n]/).map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf("=");
    const value = entry.slice(0, Math.max(0, at)).trim();
    const role = entry.slice(at + 1).trim();
    if (at < 1 || !value) problems.push(`"${entry}" is not value=role`);
    else if (!(ROLES as readonly string[]).includes(role)) problems.push(`"${entry}": the role must be one of ${ROLES.join(", ")}`);
    else map.set(value, role as Role);
  }
  return { map, problems };
}

/**
 * The role the provider's claim gives: the claim at `path` (dots reach into objects, as Keycloak's
 * `realm_access.roles`), a string or a list of strings, each looked up in the map; the largest
 * role found, or null when no value is mapped (or the claim is missing or of another shape).
 */
export function roleFromClaim(claims: unknown, path: string, map: OidcRoleMap): Role | null {
  let value: unknown = claims;
  for (const key of path.split(".")) {
    value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  const values = typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  let best: Role | null = null;
  for (const v of values) {
    const role = map.get(v);
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best;
}
