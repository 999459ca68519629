import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditActorType = pgEnum("audit_actor_type", ["user", "api_key", "system"]);

/**
 * Append-only: a trigger in the migrations refuses UPDATE and DELETE, so not even a bug in Vigil
 * can rewrite history. Rows are written in the same transaction as the change they describe.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorType: auditActorType().notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    // No foreign key: history outlives the models it mentions.
    modelId: uuid(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("audit_log_at").on(t.at), index("audit_log_model_at").on(t.modelId, t.at)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
