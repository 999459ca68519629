import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeaders, verifySignature } from "./sign";

describe("webhook signatures", () => {
  const body = '{"type":"alert.firing"}';
  const at = new Date("2026-11-27T10:00:00Z"); // 1795773600 seconds

  it("signs '<timestamp>.<raw body>' with HMAC-SHA256, as API.md says", () => {
    const headers = signatureHeaders("s3cret", body, at);
    expect(headers["X-Vigil-Timestamp"]).toBe("1795773600");
    // Computed independently of the module under test.
    const hex = crypto.createHmac("sha256", "s3cret").update(`1795773600.${body}`).digest("hex");
    expect(headers["X-Vigil-Signature"]).toBe(`sha256=${hex}`);
  });

  it("verifies its own signature and refuses a changed body, another secret or an old timestamp", () => {
    const h = signatureHeaders("s3cret", body, at);
    expect(verifySignature("s3cret", body, h["X-Vigil-Timestamp"], h["X-Vigil-Signature"], { now: at })).toBe(true);
    expect(verifySignature("s3cret", body + " ", h["X-Vigil-Timestamp"], h["X-Vigil-Signature"], { now: at })).toBe(false);
    expect(verifySignature("other", body, h["X-Vigil-Timestamp"], h["X-Vigil-Signature"], { now: at })).toBe(false);
    expect(verifySignature("s3cret", body, h["X-Vigil-Timestamp"], h["X-Vigil-Signature"], { now: new Date(at.getTime() + 301_000) })).toBe(false);
    expect(verifySignature("s3cret", body, null, h["X-Vigil-Signature"], { now: at })).toBe(false);
  });
});
