import { describe, expect, it } from "vitest";
import { navFor, roleCan } from "./roles";

describe("roles", () => {
  it("gives each role the navigation the product promises", () => {
    expect(navFor("admin").map((n) => n.label)).toEqual(["Models", "Labelling", "Actions", "Audit log", "Settings"]);
    expect(navFor("approver").map((n) => n.label)).toEqual(["Models", "Actions", "Audit log"]);
    expect(navFor("annotator").map((n) => n.label)).toEqual(["Models", "Labelling"]);
    expect(navFor("viewer").map((n) => n.label)).toEqual(["Models"]);
  });

  it("keeps user management to admins", () => {
    expect(roleCan("admin", "users.manage")).toBe(true);
    expect(roleCan("approver", "users.manage")).toBe(false);
    expect(roleCan("annotator", "users.manage")).toBe(false);
    expect(roleCan("viewer", "users.manage")).toBe(false);
  });

  it("lets annotators label but not decide deploys, and approvers the reverse", () => {
    expect(roleCan("annotator", "labels.write")).toBe(true);
    expect(roleCan("annotator", "actions.decide")).toBe(false);
    expect(roleCan("approver", "actions.decide")).toBe(true);
    expect(roleCan("approver", "labels.write")).toBe(false);
  });

  it("lets approvers and admins manage labelling (policies, review), never annotators or viewers", () => {
    expect(roleCan("admin", "labelling.manage")).toBe(true);
    expect(roleCan("approver", "labelling.manage")).toBe(true);
    expect(roleCan("annotator", "labelling.manage")).toBe(false);
    expect(roleCan("viewer", "labelling.manage")).toBe(false);
  });

  it("lets approvers and admins manage monitors, and only admins notification channels", () => {
    expect(["admin", "approver", "annotator", "viewer"].map((r) => roleCan(r as "admin", "monitors.manage"))).toEqual([true, true, false, false]);
    expect(["admin", "approver", "annotator", "viewer"].map((r) => roleCan(r as "admin", "notifications.manage"))).toEqual([true, false, false, false]);
  });
});
