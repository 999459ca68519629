import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrustedProxies } from "@/lib/env-parsers/trusted-proxies";
import { CLIENT_ADDRESS_HEADER, clientAddress, resolveClientAddress, stampClientAddress, trustFunction } from "./client-address";

// Issue #13: the per-address sign-in limit keyed on the client's own X-Forwarded-For, so rotating
// that header removed the limit. The address now comes from the socket, and forwarded hops count
// only as far as VIGIL_TRUSTED_PROXIES says.

const request = (socket: string, forwardedFor?: string) => ({
  socket: { remoteAddress: socket } as http.IncomingMessage["socket"],
  headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
});
const resolve = (setting: string | undefined, socket: string, forwardedFor?: string) => resolveClientAddress(request(socket, forwardedFor), trustFunction(parseTrustedProxies(setting)));

describe("resolveClientAddress", () => {
  it("trusts no forwarded header by default: rotating X-Forwarded-For changes nothing", () => {
    for (let i = 0; i < 50; i++) expect(resolve(undefined, "198.51.100.7", `203.0.113.${i}, 10.0.0.${i}`)).toBe("198.51.100.7");
    expect(resolve("", "198.51.100.7", "203.0.113.1")).toBe("198.51.100.7");
    expect(resolve("0", "198.51.100.7", "203.0.113.1")).toBe("198.51.100.7");
  });

  it("with one trusted hop, believes only the entry that proxy appended (the right-most)", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    expect(resolve("1", "10.0.0.2", "1.2.3.4, 198.51.100.7")).toBe("198.51.100.7");
    for (let i = 0; i < 20; i++) expect(resolve("1", "10.0.0.2", `203.0.113.${i}, 198.51.100.7`)).toBe("198.51.100.7");
    expect(resolve("2", "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9")).toBe("198.51.100.7");
  });

  it("with listed proxies, walks back only through them", () => {
    expect(resolve("10.0.0.0/8", "10.0.0.2", "1.2.3.4, 198.51.100.7")).toBe("198.51.100.7");
    expect(resolve("10.0.0.0/8, loopback", "127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3")).toBe("198.51.100.7");
    // A request straight from the internet, not through the proxy: its header is not believed.
    expect(resolve("10.0.0.0/8", "198.51.100.99", "1.2.3.4")).toBe("198.51.100.99");
  });

  it("writes IPv4-mapped IPv6 as IPv4, so one client is one address", () => {
    expect(resolve(undefined, "::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(resolve(undefined, "2001:DB8::1")).toBe("2001:db8::1");
  });
});

describe("parseTrustedProxies", () => {
  it("reads none, a hop count, or addresses and CIDRs", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ kind: "none" });
    expect(parseTrustedProxies(" 2 ")).toEqual({ kind: "hops", count: 2 });
    expect(parseTrustedProxies("10.0.0.0/8, 192.0.2.1,loopback")).toEqual({ kind: "addresses", list: ["10.0.0.0/8", "192.0.2.1", "loopback"] });
  });

  it("refuses what it cannot read, with a reason", () => {
    expect(() => parseTrustedProxies("the load balancer")).toThrow(/invalid IP address/);
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow(/invalid range/);
    expect(() => parseTrustedProxies("11")).toThrow(/at most 10/);
  });
});

describe("clientAddress (inside the app)", () => {
  it("believes only the header Vigil's server sets, and nothing when it is missing", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "1.2.3.4" }))).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" }))).toBeNull();
  });
});

describe("Vigil's server stamping a real request", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const trust = trustFunction(parseTrustedProxies(undefined));
    server = http.createServer((req, res) => {
      stampClientAddress(req, trust);
      res.end(String(req.headers[CLIENT_ADDRESS_HEADER]));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("overwrites a client's forged headers with the socket's address", async () => {
    for (const forged of ["203.0.113.1", "10.0.0.1, 203.0.113.2"]) {
      const response = await fetch(base, { headers: { "x-forwarded-for": forged, [CLIENT_ADDRESS_HEADER]: forged, "x-real-ip": forged } });
      expect(await response.text()).toBe("127.0.0.1");
    }
  });
});
