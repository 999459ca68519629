import "server-only";
import type { Database } from "@/lib/db/connect";
import { refreshRollups } from "./refresh-rollups";

/**
 * Brings rollups up to date shortly after a web process stores predictions or ground truth, so
 * page views only ever read rollups and still show a batch within a second or two. One refresh
 * at a time per process, another queued if writes arrive meanwhile; the pg-boss job every minute
 * remains the safety net (a process that dies with a refresh pending leaves its marks for it).
 * Several web copies refreshing at once is safe: refreshRollups claims hours with row locks.
 *
 * Off until the server process turns it on (lib/server-startup.ts): tests and scripts that store
 * predictions refresh when they mean to.
 */
type Refresher = { db: Database | null; delayMs: number; timer: ReturnType<typeof setTimeout> | null; running: boolean; again: boolean };

const holder = globalThis as unknown as { vigilRollupRefresher?: Refresher };

export function enableRollupRefreshAfterWrites(options: { delayMs?: number } = {}): void {
  holder.vigilRollupRefresher ??= { db: null, delayMs: options.delayMs ?? 250, timer: null, running: false, again: false };
}

/** Called after a write that marked hours dirty has committed. */
export function rollupsChanged(db: Database): void {
  const refresher = holder.vigilRollupRefresher;
  if (!refresher) return;
  refresher.db = db;
  if (refresher.running) {
    refresher.again = true;
    return;
  }
  // A short delay gathers a burst of batches into one refresh.
  refresher.timer ??= setTimeout(() => void run(refresher), refresher.delayMs);
}

async function run(refresher: Refresher): Promise<void> {
  refresher.timer = null;
  refresher.running = true;
  refresher.again = false;
  const started = performance.now();
  try {
    await refreshRollups(refresher.db!);
  } catch (error) {
    // The marks stay; the scheduled job retries them. Nothing to tell the client that wrote.
    console.error(`[vigil] refreshing rollups after a write failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    refresher.running = false;
  }
  // Writes that arrived meanwhile wait at least twice as long as this refresh took: under heavy
  // ingest an hour is recomputed whole each time, so back-to-back refreshes would take the CPU
  // that ingest needs. This bounds the refresher to about a third of its time.
  if (refresher.again) {
    refresher.again = false;
    refresher.timer = setTimeout(() => void run(refresher), Math.max(refresher.delayMs, 2 * (performance.now() - started)));
  }
}
