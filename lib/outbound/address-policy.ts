import ipaddr from "ipaddr.js";
import { normaliseHostName, unbracket, type AllowList, type Network } from "@/lib/env-parsers/allow-list";

/**
 * Where Vigil may call out: public unicast addresses, plus the names, addresses and networks an
 * operator lists in VIGIL_OUTBOUND_ALLOW. Pure: the resolver and the sockets live in resolve.ts
 * and post.ts, which ask this module about every address they are about to connect to.
 */

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
