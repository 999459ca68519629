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

  it("reads the OIDC role claim and its map together, and names a bad pair", () => {
    const oidc = { OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "vigil", OIDC_CLIENT_SECRET: "s3cret" };
    const env = parseEnv({ ...oidc, OIDC_ROLE_CLAIM: "groups", OIDC_ROLE_MAP: "vigil-admins=admin,labellers=annotator" });
    expect(env.OIDC_ROLE_CLAIM).toBe("groups");
    expect([...env.OIDC_ROLE_MAP!]).toEqual([["vigil-admins", "admin"], ["labellers", "annotator"]]);
    expect(() => parseEnv({ ...oidc, OIDC_ROLE_CLAIM: "groups" })).toThrow(/set OIDC_ROLE_CLAIM and OIDC_ROLE_MAP/);
    expect(() => parseEnv({ ...oidc, OIDC_ROLE_MAP: "a=admin" })).toThrow(/set OIDC_ROLE_CLAIM and OIDC_ROLE_MAP/);
    expect(() => parseEnv({ ...oidc, OIDC_ROLE_CLAIM: "groups", OIDC_ROLE_MAP: "a=root" })).toThrow(/OIDC_ROLE_MAP: "a=root": the role must be one of/);
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

describe("outbound and secret settings", () => {
  it("reads VIGIL_OUTBOUND_ALLOW into names and networks, empty by default, and names a bad entry", () => {
    expect(parseEnv({}).VIGIL_OUTBOUND_ALLOW).toMatchObject({ networks: [], text: "" });
    const allow = parseEnv({ VIGIL_OUTBOUND_ALLOW: "127.0.0.1,10.0.0.0/8,hooks.internal" }).VIGIL_OUTBOUND_ALLOW;
    expect(allow.networks.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(["127.0.0.1/32", "10.0.0.0/8"]);
    expect([...allow.names]).toEqual(["hooks.internal"]);
    expect(() => parseEnv({ VIGIL_OUTBOUND_ALLOW: "10.0.0.0/40" })).toThrow(/VIGIL_OUTBOUND_ALLOW: "10.0.0.0\/40" is not a network/);
  });

  it("takes VIGIL_SECRET_KEY as 32 bytes in base64 or hex, and refuses anything else", () => {
    expect(parseEnv({}).VIGIL_SECRET_KEY).toBeUndefined();
    expect(parseEnv({ VIGIL_SECRET_KEY: "ab".repeat(32) }).VIGIL_SECRET_KEY).toEqual(Buffer.alloc(32, 0xab));
    expect(() => parseEnv({ VIGIL_SECRET_KEY: "too-short" })).toThrow(/VIGIL_SECRET_KEY: must be 32 random bytes in base64 or hex/);
  });
});
