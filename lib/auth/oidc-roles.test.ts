import { describe, expect, it } from "vitest";
import { parseOidcRoleMap, roleFromClaim } from "./oidc-roles";

const { map, problems } = parseOidcRoleMap("vigil-admins=admin, vigil-approvers=approver,\nlabellers=annotator,team=ops=viewer");

describe("the OIDC role claim", () => {
  it("parses value=role pairs, a value may hold '=' itself", () => {
    expect([...map]).toEqual([
      ["vigil-admins", "admin"],
      ["vigil-approvers", "approver"],
      ["labellers", "annotator"],
      ["team=ops", "viewer"],
    ]);
    expect(problems).toEqual([]);
  });

  it("names every pair it cannot use", () => {
    expect(parseOidcRoleMap("a=root, =admin, plain").problems).toEqual([
      '"a=root": the role must be one of admin, approver, annotator, viewer',
      '"=admin" is not value=role',
      '"plain" is not value=role',
    ]);
  });

  it("gives the largest role of the mapped values, from a string, a list or a nested claim", () => {
    expect(roleFromClaim({ groups: ["labellers", "vigil-approvers", "other"] }, "groups", map)).toBe("approver");
    expect(roleFromClaim({ groups: "vigil-admins" }, "groups", map)).toBe("admin");
    expect(roleFromClaim({ realm_access: { roles: ["labellers"] } }, "realm_access.roles", map)).toBe("annotator");
  });

  it("gives nothing for an unmapped, missing or oddly shaped claim", () => {
    expect(roleFromClaim({ groups: ["other"] }, "groups", map)).toBeNull();
    expect(roleFromClaim({}, "groups", map)).toBeNull();
    expect(roleFromClaim({ groups: 7 }, "groups", map)).toBeNull();
    expect(roleFromClaim({ groups: [{ name: "vigil-admins" }] }, "groups", map)).toBeNull();
    expect(roleFromClaim(null, "groups", map)).toBeNull();
    // Never a property of Object.prototype.
    expect(roleFromClaim({}, "constructor", new Map([["function Object() { [native code] }", "admin"]]))).toBeNull();
  });
});
