import http from "node:http";
import next from "next";
import { env } from "@/lib/env";
import { stampClientAddress, trustFunction } from "@/lib/auth/client-address";
import { exitWithParent } from "./lib/exit-with-parent";

/**
 * Next.js behind a plain Node HTTP server, started by scripts/start.ts in place of `next start`
 * (docs/adr/0011-client-address-from-the-socket.md). It exists for one reason: only here is the
 * socket's address known. Every request gets the client-address header from the socket, believing
 * X-Forwarded-For hops only as VIGIL_TRUSTED_PROXIES says; a client's own header of that name is
 * overwritten. Run without the react-server condition, as `next start` is.
 */
const dev = process.argv.includes("--dev");
const config = env();
const trust = trustFunction(config.trustedProxies);

const server = http.createServer((request, response) => {
  stampClientAddress(request, trust);
  handle(request, response).catch((error: unknown) => {
    console.error("[vigil] request failed", error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
});

const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT, httpServer: server });
const handle = app.getRequestHandler();

let stopping = false;
/**
 * As `next start`: stop taking requests, then exit; but first the job queue (lib/server-startup.ts
 * leaves its stop on globalThis), so pg-boss is done before scripts/start.ts stops the database.
 */
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  const queue = (globalThis as { vigilStopJobQueue?: () => Promise<void> }).vigilStopJobQueue;
  void (queue?.() ?? Promise.resolve())
    .then(() => app.close())
    .finally(() => process.exit(0));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stop);
// And when scripts/start.ts is gone however it ended (kill -9 included): no Next.js outlives it.
exitWithParent(stop);

app
  .prepare()
  .then(() => {
    server.listen(config.PORT, () => console.log(`[vigil] Next.js ${dev ? "development" : "production"} server listening on port ${config.PORT}`));
  })
  .catch((error: unknown) => {
    console.error("[vigil] Next.js could not start", error);
    process.exit(1);
  });
