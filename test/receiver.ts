import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

/** An HTTP server on loopback that records what it receives and answers with `status`. */
export async function startReceiver() {
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
