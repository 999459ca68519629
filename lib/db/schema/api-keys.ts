import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import type { ApiPermission } from "@/lib/api-keys/constants";

/**
 * Keys for machine clients. Only a SHA-256 of the secret is stored (the secret is 32 random bytes,
 * so a slow hash adds nothing); `prefix` is the first characters, shown to tell keys apart.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull().unique(),
    permissions: jsonb().$type<ApiPermission[]>().notNull(),
    // null: every model, now and later; otherwise the ids of the models it may touch.
    modelIds: jsonb().$type<string[] | null>(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("api_keys_created_at").on(t.createdAt)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
