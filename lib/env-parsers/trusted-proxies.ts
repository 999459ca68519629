import proxyAddr from "proxy-addr";

// VIGIL_TRUSTED_PROXIES's parser: read by lib/env.ts; lib/auth/client-address.ts walks the
// forwarded hops it says to believe.

/** Which forwarded hops to believe: none (the socket is the client), the last N, or those from listed proxies. */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; count: number } | { kind: "addresses"; list: string[] };

const MAX_HOPS = 10;

/** Reads VIGIL_TRUSTED_PROXIES: empty or 0 for none, a hop count, or addresses, CIDRs and proxy-addr's named ranges. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = (value ?? "").trim();
  if (text === "" || text === "0" || text.toLowerCase() === "none") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count > MAX_HOPS) throw new Error(`a hop count must be at most ${MAX_HOPS}`);
    return { kind: "hops", count };
  }
  const list = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  try {
    proxyAddr.compile(list);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (give a hop count, or addresses and CIDRs separated by commas)`);
  }
  return { kind: "addresses", list };
}
