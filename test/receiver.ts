import http from "node:http";
import type { AddressInfo } from "node:net";
import { resetEnvCache } from "@/lib/env";

/**
 * Lets this test file's Vigil call receivers on 127.0.0.1, as an operator would with
 * VIGIL_OUTBOUND_ALLOW. Without it loopback is refused, as in production.
 */
export function allowLoopbackReceivers(): void {
  process.env.VIGIL_OUTBOUND_ALLOW = "127.0.0.1";
  resetEnvCache();
}

/** Back to the production default: no address outside the public Internet is allowed. */
export function refuseLoopbackReceivers(): void {
  process.env.VIGIL_OUTBOUND_ALLOW = "";
  resetEnvCache();
}

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

/**
 * An HTTP server on loopback that records what it receives and answers with `status`. Vigil may
 * call it (the file's VIGIL_OUTBOUND_ALLOW gets 127.0.0.1) unless `allowed` is false.
 */
export async function startReceiver({ allowed = true }: { allowed?: boolean } = {}) {
  if (allowed) allowLoopbackReceivers();
  const received: Received[] = [];
  let status = 200;
  let answerBody: unknown = { id: "flow-run-1" };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(answerBody));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (next: number, body: unknown = { id: "flow-run-1" }) => {
      status = next;
      answerBody = body;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
