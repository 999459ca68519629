import ipaddr from "ipaddr.js";

/**
 * Where Vigil may call out: public unicast addresses, plus the names, addresses and networks an
 * operator lists in VIGIL_OUTBOUND_ALLOW. Pure: the resolver and the sockets live in resolve.ts
 * and post.ts, which ask this module about every address they are about to connect to.
 */

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];
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

export function isNameAllowed(hostName: string, allow: AllowList): boolean {
  return allow.names.has(normaliseHostName(hostName));
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local address",
  multicast: "a multicast address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  carrierGradeNat: "a shared (carrier-grade NAT) address",
  reserved: "a reserved address",
};

/** The one IPv6 block the Internet routes today; anything outside it (::a.b.c.d included) is refused. */
const GLOBAL_IPV6: Network = [ipaddr.parse("2000::"), 3];

/**
 * Whether Vigil may connect to `address` (any spelling ipaddr.js reads, IPv4-mapped IPv6 included):
 * null when it may, else the canonical address and what kind of address it is.
 */
export function addressRefusal(address: string, allow: AllowList): { address: string; kind: string } | null {
  const bare = unbracket(address);
  if (!ipaddr.isValid(bare)) return { address, kind: "not an address" };
  const parsed = ipaddr.process(bare);
  if (allow.networks.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits))) return null;
  const range = parsed.range();
  const isPublic = range === "unicast" && (parsed.kind() === "ipv4" || parsed.match(GLOBAL_IPV6));
  if (isPublic) return null;
  return { address: parsed.toString(), kind: RANGE_WORDS[range] ?? "not a public address" };
}

export type UrlShape = { url: URL; hostName: string; isAddress: boolean };

/**
 * The checks that need no resolver: http or https only, no `user:pass@`, a host. WHATWG URL
 * parsing has already turned `2130706433`, `0x7f.1`, `127.1` and `[::ffff:127.0.0.1]` into their
 * canonical addresses, so the address check sees what a socket would connect to.
 */
export function checkUrlShape(text: string): { ok: true; shape: UrlShape } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: "Enter a full URL, such as https://hooks.example.com/vigil" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, problem: "The URL must start with http:// or https://" };
  if (url.username || url.password) return { ok: false, problem: "Leave credentials out of the URL (user:password@); use the secret field or the receiver's own token" };
  const hostName = unbracket(url.hostname);
  if (!hostName) return { ok: false, problem: "The URL has no host" };
  return { ok: true, shape: { url, hostName, isAddress: ipaddr.isValid(hostName) && /^[0-9a-f:.]+$/i.test(hostName) } };
}

/** Why a destination is refused, in a sentence that also says the way out. */
export function refusalReason(hostName: string, refusal: { address: string; kind: string }): string {
  // A name shows what it resolved to; an address (any spelling) shows its canonical form.
  const what = ipaddr.isValid(unbracket(hostName)) ? `${refusal.address}, ${refusal.kind}` : `${hostName} (${refusal.address}, ${refusal.kind})`;
  return `Vigil does not call ${what}; an administrator can list the host or network in VIGIL_OUTBOUND_ALLOW`;
}
