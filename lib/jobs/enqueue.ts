import "server-only";
import PgBoss from "pg-boss";
import type { QueueName } from "./queues";
import { JOB_SCHEMA } from "./live-jobs";

// The one pg-boss handle of this process, and the one way to queue a job.
//
// It is kept on globalThis because Next.js bundles instrumentation.ts (which starts the queue) apart
// from the route handlers and server actions (which queue jobs): a module variable would be one
// variable per bundle, and the routes' copy would never be set. Nothing else of the job queue
// lives there.

const holder = globalThis as unknown as { vigilJobQueue?: PgBoss | null };

/**
 * Creates pg-boss on Vigil's own database; its tables live in the `pgboss` schema. `workers: false`
 * makes a handle that only sends (a web process whose jobs run in `npm run worker`): no
 * maintenance, no cron scheduler.
 */
export function createBoss(url: string, options: { workers?: boolean; max?: number } = {}): PgBoss {
  const workers = options.workers ?? true;
  const boss = new PgBoss({ connectionString: url, schema: JOB_SCHEMA, max: options.max ?? 5, application_name: workers ? "vigil-worker" : "vigil-sender", supervise: workers, schedule: workers });
  // Once stopping, an error is the database going away too (Ctrl-C reaches PostgreSQL as well as
  // the server): expected, so not printed as if something broke.
  boss.on("error", (error) => {
    if (!stopping.has(boss)) console.error("[vigil] job queue error", error);
  });
  return boss;
}

const stopping = new WeakMap<PgBoss, Promise<void>>();

/**
 * Stops a handle: lets running jobs finish for up to `timeoutMs`, then closes its connections.
 * Idempotent (a second call gets the first call's promise) and never throws: it runs on the way out.
 */
export function stopJobQueue(boss: PgBoss, timeoutMs = 5_000): Promise<void> {
  let stopped = stopping.get(boss);
  if (!stopped) {
    stopping.set(boss, Promise.resolve()); // quiet from the first moment of the stop
    stopped = boss.stop({ graceful: true, timeout: timeoutMs, wait: true }).catch(() => {});
    stopping.set(boss, stopped);
  }
  return stopped;
}

/** Sets (or, with null, clears) this process's handle: the server and the worker script do, once started. */
export function setJobQueue(boss: PgBoss | null): void {
  holder.vigilJobQueue = boss;
}

/**
 * Queues a job. True when pg-boss took it; false when this process has no queue (tests, CLIs) or
 * the send failed (logged). Callers write their work to the database first, so false loses
 * nothing: a sweep or a schedule finds the work and queues it again. Workers pass the handle they
 * were given as `boss`.
 */
export async function enqueue(queue: QueueName, data: object, options: PgBoss.SendOptions = {}, boss: PgBoss | null | undefined = holder.vigilJobQueue): Promise<boolean> {
  if (!boss) return false;
  try {
    await boss.send(queue, data, options);
    return true;
  } catch (error) {
    console.error(`[vigil] could not queue ${queue}; a sweep or the schedule will pick it up`, error);
    return false;
  }
}
