export async function register() {
  // NEXT_RUNTIME is Next.js's own switch, not configuration: Node-only start-up stays out of Edge.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerProcess } = await import("./lib/server-startup");
    await startServerProcess();
  }
}
