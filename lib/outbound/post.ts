import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkUrlShape } from "./address-policy";
import { OutboundRefused, resolveAllowed, type ResolveOptions, type ResolvedAddress } from "./resolve";

export type OutboundRequest = { headers: Record<string, string>; body: string; timeoutMs: number };
export type OutboundResponse = { status: number; statusText: string; ok: boolean; body: string };

/** What of an answer's body Vigil reads (a deploy target's `{"status": "pending"}`); the rest is dropped. */
const MAX_BODY_BYTES = 64 * 1024;

/** Hands the socket the addresses resolveAllowed checked, and nothing else: the connection goes where the check looked. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostName, options, callback) => {
    const family = typeof options === "object" ? options.family : undefined;
    const usable = addresses.filter((a) => !family || family === a.family);
    const answer = usable.length ? usable : addresses;
    if (typeof options === "object" && options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, answer);
    else callback(null, answer[0]!.address, answer[0]!.family);
  };
}

/**
 * POSTs to a URL that passed the outbound policy, and to nothing else: http or https, no
 * credentials, the host resolved once and every address checked, the connection made to a checked
 * address. No redirects are followed. Throws OutboundRefused for a refused destination, the
 * socket's error when it cannot connect, or a TimeoutError when nothing answers in time.
 */
export async function postOutbound(target: string, request: OutboundRequest, options: ResolveOptions = {}): Promise<OutboundResponse> {
  const checked = checkUrlShape(target);
  if (!checked.ok) throw new OutboundRefused(checked.problem);
  const { url, hostName } = checked.shape;
  const addresses = await resolveAllowed(hostName, options);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: "POST",
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        lookup: pinnedLookup(addresses),
        agent: false,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on("data", (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
          size += chunk.length;
        });
        incoming.on("end", () => {
          const status = incoming.statusCode ?? 0;
          resolve({ status, statusText: incoming.statusMessage ?? "", ok: status >= 200 && status < 300, body: Buffer.concat(chunks).toString("utf8") });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", (error: Error & { cause?: unknown }) => reject(error.name === "AbortError" && error.cause instanceof Error ? error.cause : error));
    outgoing.end(request.body);
  });
}
