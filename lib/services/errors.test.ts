import { describe, expect, it, vi } from "vitest";
import { ERROR_STATUS, ServiceError, toFailure } from "./errors";

describe("toFailure", () => {
  it("passes a service error's own words through", () => {
    expect(toFailure(new ServiceError("conflict", "Already there", { email: ["Already in use"] }))).toEqual({
      ok: false,
      code: "conflict",
      message: "Already there",
      fieldErrors: { email: ["Already in use"] },
    });
  });

  it("never lets internal error text reach the browser", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const failure = toFailure(new Error('relation "users" does not exist; password=hunter2'));
    expect(failure.code).toBe("internal");
    expect(failure.message).not.toMatch(/relation|hunter2/);
    spy.mockRestore();
  });

  it("maps codes to the statuses of the API contract", () => {
    expect(ERROR_STATUS).toMatchObject({ unauthorized: 401, forbidden: 403, not_found: 404, payload_too_large: 413, unsupported_media_type: 415, rate_limited: 429, invalid_input: 400 });
  });
});
