import type PgBoss from "pg-boss";

// Services enqueue work through this holder, so they run the same with a worker (the server) or
// without one (tests and CLIs, where the row in the database is the truth and a sweep re-sends).

let current: PgBoss | null = null;

export function setJobQueue(boss: PgBoss | null): void {
  current = boss;
}

/** Sends a job when a queue is running; answers false otherwise (the caller's row stays queued). */
export async function sendJob(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<boolean> {
  if (!current) return false;
  await current.send(name, data, options);
  return true;
}
