import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, text, timestamp, uuid, bigserial } from "drizzle-orm/pg-core";
import { ROLES } from "@/lib/auth/roles";

export const userRole = pgEnum("user_role", ROLES);

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  // Stored lower-cased; the unique index decides duplicates, not a check-then-insert.
  email: text().notNull().unique(),
  name: text().notNull(),
  role: userRole().notNull(),
  // Null for people who only ever sign in through OIDC.
  passwordHash: text(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSignInAt: timestamp({ withTimezone: true }),
});

export type User = typeof users.$inferSelect;

/**
 * Every password check, so limits hold across every copy of the web tier. `succeeded` is null
 * while the check runs (it counts as a failure until then); `address` is null when unknown.
 * Pruned by a job: failures after a day, successes after 30 days (they make an address familiar).
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    email: text().notNull(),
    address: text(),
    succeeded: boolean(),
  },
  (t) => [index("sign_in_attempts_email_at").on(t.email, t.at), index("sign_in_attempts_address_at").on(t.address, t.at)],
);

export const SESSION_END_REASONS = ["signed_out", "signed_out_elsewhere", "password_changed", "password_reset", "role_changed", "deactivated", "reactivated"] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * A signed-in session. The cookie (a next-auth JWT) carries this row's id, and every request
 * checks the row: signing out, a password change or reset, a role change, a deactivation or a
 * re-activation ends rows, and an ended row never comes back.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Where and with what it signed in, shown on the account page; null when unknown.
    address: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    endedReason: text().$type<SessionEndReason>(),
  },
  (t) => [index("user_sessions_live").on(t.userId).where(sql`ended_at is null`), index("user_sessions_expires_at").on(t.expiresAt)],
);

export type UserSession = typeof userSessions.$inferSelect;
