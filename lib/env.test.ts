import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to demo mode on the embedded database", () => {
    const env = parseEnv({});
    expect(env.demo).toBe(true);
    expect(env.PORT).toBe(3000);
    expect(env.VIGIL_DATA_DIR).toBe(".data");
    expect(env.VIGIL_IN_PROCESS_WORKER).toBe(true);
    expect(env.oidcEnabled).toBe(false);
  });

  it("leaves demo mode off for a database of your own unless asked", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/vigil" }).demo).toBe(false);
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/vigil", VIGIL_DEMO: "true" }).demo).toBe(true);
    expect(parseEnv({ VIGIL_DEMO: "false" }).demo).toBe(false);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names every invalid variable", () => {
    expect(() => parseEnv({ PORT: "eighty", NEXTAUTH_SECRET: "short" })).toThrow(/PORT[\s\S]*NEXTAUTH_SECRET: must be at least 32 characters/);
  });

  it("requires the OIDC variables together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://id.example.com" })).toThrow(/set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together/);
    const env = parseEnv({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "vigil", OIDC_CLIENT_SECRET: "s3cret" });
    expect(env.oidcEnabled).toBe(true);
    expect(env.OIDC_DEFAULT_ROLE).toBe("viewer");
  });

  it("reads VIGIL_TRUSTED_PROXIES and names a bad one", () => {
    expect(parseEnv({}).trustedProxies).toEqual({ kind: "none" });
    expect(parseEnv({ VIGIL_TRUSTED_PROXIES: "1" }).trustedProxies).toEqual({ kind: "hops", count: 1 });
    expect(parseEnv({ VIGIL_TRUSTED_PROXIES: "10.0.0.0/8" }).trustedProxies).toEqual({ kind: "addresses", list: ["10.0.0.0/8"] });
    expect(() => parseEnv({ VIGIL_TRUSTED_PROXIES: "my proxy" })).toThrow(/VIGIL_TRUSTED_PROXIES: invalid IP address/);
  });
});
