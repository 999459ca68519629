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

/** Every sign-in attempt, so limits hold across every copy of the web tier. Pruned by a job. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    email: text().notNull(),
    address: text().notNull(),
    succeeded: boolean().notNull(),
  },
  (t) => [index("sign_in_attempts_email_at").on(t.email, t.at), index("sign_in_attempts_address_at").on(t.address, t.at)],
);
