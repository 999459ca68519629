import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";
import type { TrustedProxies } from "@/lib/env-parsers/trusted-proxies";

// Where a request came from, for sign-in limits and the sessions list. Next.js cannot tell a
// route handler the socket's address: `next start` keeps a client's own X-Forwarded-For as it is
// and only fills it in when absent, so a header read inside the app is whatever the client wrote.
// Vigil's server (scripts/serve.ts) therefore decides the address from the socket, believing
// forwarded hops only as far as VIGIL_TRUSTED_PROXIES says, and hands it on in this header,
// overwriting anything a client sent under the same name.

export const CLIENT_ADDRESS_HEADER = "x-vigil-client-address";

/** The trust function proxy-addr walks the hops with: hop 0 is the socket, then X-Forwarded-For from the right. */
export function trustFunction(trusted: TrustedProxies): (address: string, hop: number) => boolean {
  if (trusted.kind === "none") return () => false;
  if (trusted.kind === "hops") return (_address, hop) => hop < trusted.count;
  return proxyAddr.compile(trusted.list);
}

/** The client's address for one request: the first hop, from the socket outwards, that is not a trusted proxy. */
export function resolveClientAddress(request: Pick<IncomingMessage, "socket" | "headers">, trust: (address: string, hop: number) => boolean): string {
  return normaliseAddress(proxyAddr(request as IncomingMessage, trust));
}

/** What Vigil's server does to every request before Next.js sees it: the client's address, in the one header the app believes. */
export function stampClientAddress(request: Pick<IncomingMessage, "socket" | "headers">, trust: (address: string, hop: number) => boolean): void {
  request.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(request, trust);
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client: IPv4-mapped IPv6 is written as IPv4. */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return "unknown";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * Inside the app: the address Vigil's server put on the request, or null when the app runs
 * without it (plain `next start`), in which case nothing a client wrote is believed.
 */
export function clientAddress(headers: HeaderBag): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  const address = Array.isArray(value) ? value[0] : value;
  return address && address !== "unknown" && address.length <= 64 ? address : null;
}
