import { sql } from "drizzle-orm";
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ALERT_EVENT_TYPES, ALERT_STATES, MONITOR_STATES, type Comparison, type Correction, type MonitorMetric, type Policy, type Severity, type ThresholdMode } from "@/lib/monitors/constants";
import type { MonitorKind, SequentialState } from "@/lib/monitors/sequential";
import { models } from "./models";
import { users } from "./users";
import { notificationChannels } from "./notifications";

export const monitorState = pgEnum("monitor_state", MONITOR_STATES);
export const alertState = pgEnum("alert_state", ALERT_STATES);
export const alertEventType = pgEnum("alert_event_type", ALERT_EVENT_TYPES);

/**
 * A monitor: its definition (validated by lib/monitors/schemas.ts; text columns typed by it), and
 * its running state. `state` and `consecutive` move only inside the transaction that records an
 * evaluation, with the row locked; `last_tick` is the latest evaluated tick, so a late tick
 * (older than one already evaluated) is refused rather than counted again.
 */
export const monitors = pgTable(
  "monitors",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    metric: text().$type<MonitorMetric>().notNull(),
    /** window: re-tests the window at every tick; sequential: a CUSUM fed once per hour (ADR 0021). */
    kind: text().$type<MonitorKind>().notNull().default("window"),
    /** sequential: the stated average days between false alarms on unchanged traffic. */
    falseAlarmDays: doublePrecision(),
    feature: text(),
    allFeatures: boolean().notNull().default(false),
    class: text(),
    /** Watches the figure within a slice: this declared segment feature's value `slice_value`, or any value when null. */
    sliceFeature: text(),
    sliceValue: text(),
    window: text().notNull(),
    comparison: text().$type<Comparison>().notNull(),
    thresholdMode: text().$type<ThresholdMode>().notNull().default("absolute"),
    threshold: doublePrecision().notNull(),
    thresholdHigh: doublePrecision(),
    resolveThreshold: doublePrecision(),
    resolveThresholdHigh: doublePrecision(),
    minN: integer().notNull(),
    requireInterval: boolean().notNull().default(false),
    forEvaluations: integer().notNull().default(1),
    correction: text().$type<Correction>().notNull().default("benjamini-hochberg"),
    alpha: doublePrecision().notNull().default(0.05),
    severity: text().$type<Severity>().notNull(),
    policy: text().$type<Policy>().notNull(),
    enabled: boolean().notNull().default(true),
    state: monitorState().notNull().default("ok"),
    consecutive: integer().notNull().default(0),
    lastTick: timestamp({ withTimezone: true }),
    lastValue: doublePrecision(),
    lastN: doublePrecision(),
    /** sequential: the CUSUM's design and running sums; null until the first evaluation with data, and after an edit. */
    sequentialState: jsonb().$type<SequentialState>(),
    /** No notifications for this monitor until then (set from an alert's "Silence"). */
    silencedUntil: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("monitors_model_name").on(t.modelId, t.name), index("monitors_enabled").on(t.enabled)],
);

export const monitorChannels = pgTable(
  "monitor_channels",
  {
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    channelId: uuid()
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.channelId] })],
);

/**
 * One row per monitor and tick: the unique key is what makes a doubled tick (two schedulers, a
 * retried job) evaluate once. Manual evaluations use the exact time as their tick.
 */
export const monitorEvaluations = pgTable(
  "monitor_evaluations",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    tick: timestamp({ withTimezone: true }).notNull(),
    evaluatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    value: doublePrecision(),
    n: doublePrecision().notNull().default(0),
    low: doublePrecision(),
    high: doublePrecision(),
    /** The thresholds in force (relative ones applied to the reference value). */
    threshold: doublePrecision(),
    thresholdHigh: doublePrecision(),
    verdict: text().notNull(),
    state: monitorState().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex("monitor_evaluations_monitor_tick").on(t.monitorId, t.tick)],
);

/** An alert: from the evaluation that fired to the one that resolved. At most one open per monitor. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: "cascade" }),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    state: alertState().notNull().default("firing"),
    severity: text().$type<Severity>().notNull(),
    value: doublePrecision(),
    threshold: doublePrecision(),
    n: doublePrecision(),
    /** The slice that fired a slice monitor ("any slice": the significant one that dropped most). */
    slice: jsonb().$type<{ feature: string; value: string }>(),
    /** sequential monitors: the start of the hour the evidence of the change began (the CUSUM last left zero). */
    changePointAt: timestamp({ withTimezone: true }),
    firedAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedValue: doublePrecision(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: text(),
    /** No notifications about this alert until then (its monitor's other alerts still notify). */
    silencedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alerts_one_open_per_monitor").on(t.monitorId).where(sql`state = 'firing'`),
    index("alerts_model_fired").on(t.modelId, t.firedAt.desc()),
    index("alerts_open").on(t.firedAt.desc()).where(sql`state = 'firing'`),
  ],
);

/** An alert's history: fired, resolved, acknowledged, silenced, and actions requested of #7's runner. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    alertId: uuid()
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    type: alertEventType().notNull(),
    actor: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_events_alert_at").on(t.alertId, t.at), index("alert_events_type_at").on(t.type, t.at)],
);

export type Monitor = typeof monitors.$inferSelect;
export type MonitorEvaluation = typeof monitorEvaluations.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type AlertEvent = typeof alertEvents.$inferSelect;
