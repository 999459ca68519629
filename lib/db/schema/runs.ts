import { sql } from "drizzle-orm";
import { bigserial, check, doublePrecision, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { RUN_STATUSES, RUN_TRIGGERS, TRAINERS } from "@/lib/registry/constants";
import { models } from "./models";
import { users } from "./users";

export const runStatus = pgEnum("run_status", RUN_STATUSES);
export const runTrigger = pgEnum("run_trigger", RUN_TRIGGERS);
export const trainerKind = pgEnum("trainer_kind", TRAINERS);

/**
 * One retrain of a model. At most one queued or running run per model (a partial unique index
 * decides, not a check-then-insert), so a monitor firing twice or a double click starts one run.
 * External pipelines authenticate their callbacks with the run's own token, stored hashed.
 */
export const retrainRuns = pgTable(
  "retrain_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    status: runStatus().notNull().default("queued"),
    trigger: runTrigger().notNull(),
    trainer: trainerKind().notNull(),
    requestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    requestedByLabel: text().notNull(),
    // What started it when a monitor did (no foreign keys: monitors live on another branch's tables).
    alertId: text(),
    monitorId: text(),
    // Deploy the result without waiting for approvers when the policy's margin is met.
    autoDeploy: text().$type<"policy" | "never" | "allowed">().notNull().default("policy"),
    progress: doublePrecision().notNull().default(0),
    message: text().notNull().default(""),
    tokenHash: text(),
    attempts: integer().notNull().default(0),
    dataFrom: timestamp({ withTimezone: true }),
    dataTo: timestamp({ withTimezone: true }),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("retrain_runs_one_active").on(t.modelId).where(sql`status in ('queued', 'running')`),
    index("retrain_runs_model_created").on(t.modelId, t.createdAt.desc()),
    check("retrain_runs_progress", sql`${t.progress} >= 0 and ${t.progress} <= 1`),
  ],
);

/** A run's log, line by line, from the built-in trainer or a pipeline's callbacks. */
export const runLogs = pgTable(
  "run_logs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    runId: uuid()
      .notNull()
      .references(() => retrainRuns.id, { onDelete: "cascade" }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    level: text().$type<"info" | "error">().notNull().default("info"),
    message: text().notNull(),
  },
  (t) => [index("run_logs_run").on(t.runId, t.id)],
);

export type RetrainRun = typeof retrainRuns.$inferSelect;
export type RunLog = typeof runLogs.$inferSelect;
