import { describe, expect, it } from "vitest";
import { CreateUserInput } from "./schemas";

describe("CreateUserInput", () => {
  it("normalises the e-mail and accepts a missing password", () => {
    expect(CreateUserInput.parse({ email: "  Ada@Example.COM ", name: " Ada ", role: "approver" })).toEqual({
      email: "ada@example.com",
      name: "Ada",
      role: "approver",
    });
  });

  it("explains each bad field", () => {
    const result = CreateUserInput.safeParse({ email: "not-an-address", name: "", role: "owner", password: "short" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      email: "Enter a valid e-mail address",
      name: "Enter a name",
      role: "Choose a role",
      password: "Use at least 10 characters",
    });
  });
});
