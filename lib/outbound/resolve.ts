import "server-only";
import dns from "node:dns";
import net from "node:net";
import { env } from "@/lib/env";
import { normaliseHostName, type AllowList } from "@/lib/env-parsers/allow-list";
import { addressRefusal, isNameAllowed, refusalReason } from "./address-policy";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** What resolves a host name: `dns.lookup` (the system's resolver, hosts file included) unless a caller brings its own. */
export type Resolver = (hostName: string) => Promise<ResolvedAddress[]>;

/** A destination Vigil will not call. The message names the address and its kind: for the delivery log and field errors. */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

export const systemResolver: Resolver = async (hostName) => {
  const answers = await dns.promises.lookup(hostName, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * `localhost.`, `LOCALHOST` and `anything.localhost` are loopback by definition (RFC 6761), whatever
 * a resolver makes of them: they are looked up as `localhost`, so they cannot slip past as unknown.
 */
function resolvableName(hostName: string): string {
  const name = normaliseHostName(hostName);
  return name === "localhost" || name.endsWith(".localhost") ? "localhost" : hostName;
}

export type ResolveOptions = { resolver?: Resolver; allow?: AllowList };

/**
 * Resolves a host once and checks every address it gave: a name resolving to one private address
 * among public ones is refused. Callers connect to exactly these addresses (post.ts hands them to
 * the socket), so a second resolution cannot swap in another (DNS rebinding). A host listed by
 * name in VIGIL_OUTBOUND_ALLOW is allowed whatever it resolves to.
 */
export async function resolveAllowed(hostName: string, options: ResolveOptions = {}): Promise<ResolvedAddress[]> {
  const allow = options.allow ?? env().VIGIL_OUTBOUND_ALLOW;
  const family = net.isIP(hostName);
  const addresses: ResolvedAddress[] = family ? [{ address: hostName, family: family === 6 ? 6 : 4 }] : await (options.resolver ?? systemResolver)(resolvableName(hostName));
  if (!addresses.length) throw Object.assign(new Error(`${hostName} has no address`), { code: "ENOTFOUND" });
  if (isNameAllowed(hostName, allow)) return addresses;
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, allow);
    if (refusal) throw new OutboundRefused(refusalReason(hostName, refusal));
  }
  return addresses;
}
