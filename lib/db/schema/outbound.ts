import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { OUTBOUND_CALL_PURPOSES } from "@/lib/outbound/constants";
import { models } from "./models";

export const outboundCallPurpose = pgEnum("outbound_call_purpose", OUTBOUND_CALL_PURPOSES);

/**
 * Every call Vigil made to a pipeline or a deploy target, with what happened in detail: the
 * delivery log's second half (notifications keep theirs in notification_attempts). People who
 * are not admins see only "could not deliver" and this row's id; admins read the detail here.
 * The host is kept, never the URL (tokens live in paths and queries).
 */
export const outboundCalls = pgTable(
  "outbound_calls",
  {
    id: uuid().primaryKey().defaultRandom(),
    purpose: outboundCallPurpose().notNull(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    // No foreign keys: the call's history outlives a deleted run or deployment.
    runId: uuid(),
    deploymentId: uuid(),
    host: text().notNull(),
    ok: boolean().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbound_calls_at").on(t.at.desc())],
);

export type OutboundCall = typeof outboundCalls.$inferSelect;
