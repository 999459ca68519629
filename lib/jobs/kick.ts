import type PgBoss from "pg-boss";

// The in-process job queue, when this process runs one (lib/server-startup.ts keeps it here).
const globalForStartup = globalThis as unknown as { vigilBoss?: Promise<PgBoss | null> };

/**
 * Asks for a run of a scheduled queue now rather than at its next minute. Best effort: without an
 * in-process worker (VIGIL_IN_PROCESS_WORKER=false) the schedule runs it within a minute anyway.
 */
export async function kickQueue(queue: string): Promise<void> {
  const boss = await globalForStartup.vigilBoss?.catch(() => null);
  await boss?.send(queue, {}).catch(() => null);
}
