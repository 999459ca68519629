import type PgBoss from "pg-boss";

// Services enqueue work through this holder, so they run the same with a worker (the server) or
// without one (tests and CLIs, where the row in the database is the truth and a sweep re-sends).
// Kept on globalThis: Next.js bundles instrumentation (which starts the queue) apart from the
// route handlers and server actions (which send jobs), so a module variable would be two variables.

const holder = globalThis as unknown as { vigilJobQueue?: PgBoss | null };

export function setJobQueue(boss: PgBoss | null): void {
  holder.vigilJobQueue = boss;
}

/** Sends a job when a queue is running; answers false otherwise (the caller's row stays queued). */
export async function sendJob(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<boolean> {
  const boss = holder.vigilJobQueue;
  if (!boss) return false;
  await boss.send(name, data, options);
  return true;
}
