import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { QUEUES } from "@/lib/jobs/queues";
import { pruneSignInAttempts } from "@/lib/services/users";
import { pruneSessions } from "@/lib/services/sessions";
import { pruneLabellingDailyCounts } from "@/lib/services/labelling";

const SIGN_IN_ATTEMPT_RETENTION_MS = 24 * 3600 * 1000;

/** Every ten minutes: old sign-in attempts, ended sessions and past labelling counters go. */
export async function pruneRecordsWorker(boss: PgBoss, db: Database): Promise<void> {
  await boss.work(QUEUES.pruneSignInAttempts, async () => {
    const removed = await pruneSignInAttempts(db, new Date(Date.now() - SIGN_IN_ATTEMPT_RETENTION_MS));
    // Ended and expired sessions are kept a month, for anyone looking into a sign-in.
    await pruneSessions(db, new Date(Date.now() - 30 * 24 * 3600 * 1000));
    // Ingest only reads today's labelling counter: older days are history nobody reads.
    await pruneLabellingDailyCounts(db, new Date(Date.now() - 2 * 24 * 3600 * 1000));
    return { removed };
  });
}
