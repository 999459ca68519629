import ipaddr from "ipaddr.js";

// VIGIL_OUTBOUND_ALLOW's parser and the allow-list it makes: read by lib/env.ts, and checked
// against by lib/outbound/address-policy.ts before any call out.

export type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type AllowList = { names: ReadonlySet<string>; networks: readonly Network[]; text: string };

export const EMPTY_ALLOW_LIST: AllowList = { names: new Set(), networks: [], text: "" };

/** Host names compare without case and without the root's trailing dot (`Example.COM.` is `example.com`). */
export function normaliseHostName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** `[::1]` as a URL writes it → `::1`. */
export function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

/**
 * VIGIL_OUTBOUND_ALLOW: comma-separated host names, addresses and CIDR networks. An address or
 * network is kept in its canonical form, so `::ffff:127.0.0.1` allows what `127.0.0.1` allows.
 */
export function parseAllowList(text: string): { list: AllowList; problems: string[] } {
  const names = new Set<string>();
  const networks: Network[] = [];
  const problems: string[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const bare = unbracket(entry);
    if (bare.includes("/")) {
      try {
        const [address, bits] = ipaddr.parseCIDR(bare);
        networks.push(canonicalNetwork(address, bits));
      } catch {
        problems.push(`${JSON.stringify(entry)} is not a network (write it as 10.0.0.0/8 or fd00::/8)`);
      }
    } else if (ipaddr.isValid(bare) && /^[0-9a-f:.]+$/i.test(bare)) {
      const address = ipaddr.parse(bare);
      networks.push(canonicalNetwork(address, address.kind() === "ipv4" ? 32 : 128));
    } else if (HOST_NAME.test(normaliseHostName(entry))) {
      names.add(normaliseHostName(entry));
    } else {
      problems.push(`${JSON.stringify(entry)} is neither a host name, an address nor a network`);
    }
  }
  return { list: { names, networks, text: text.trim() }, problems };
}

function canonicalNetwork(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): Network {
  // An IPv4-mapped network (::ffff:10.0.0.0/104) is the IPv4 network it maps.
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}
