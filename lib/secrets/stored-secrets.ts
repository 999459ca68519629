import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";
import { SEALED_PREFIX, type SealContext } from "./sealed-secret";
import { sealSecret } from "./key";

/**
 * Every column that holds a secret, sealed with the row's id as additional data. A new secret
 * column is added here, so the start-up step below seals what older versions stored in clear.
 */
export const SEALED_COLUMNS = {
  channelUrl: { table: "notification_channels", column: "url", rowKey: "id" },
  channelSecret: { table: "notification_channels", column: "secret", rowKey: "id" },
  trainerSecret: { table: "model_pipelines", column: "trainer_secret", rowKey: "model_id" },
  deployWebhookSecret: { table: "model_pipelines", column: "deploy_webhook_secret", rowKey: "model_id" },
} as const;
export type SealedColumn = keyof typeof SEALED_COLUMNS;

export function sealContext(column: SealedColumn, rowId: string): SealContext {
  const { table, column: name } = SEALED_COLUMNS[column];
  return `${table}.${name}:${rowId}`;
}

/**
 * Seals secrets stored in clear (by a version before encryption at rest). Idempotent: a sealed
 * value is left alone, so running it at every start costs one indexed-free scan of two small
 * tables and changes nothing the second time. Needs the key only when there is something to seal.
 */
export async function sealStoredSecrets(db: DbOrTx): Promise<number> {
  let sealed = 0;
  for (const name of Object.keys(SEALED_COLUMNS) as SealedColumn[]) {
    const { table, column, rowKey } = SEALED_COLUMNS[name];
    const rows = await db.execute<{ row_id: string; value: string }>(
      sql`select ${sql.identifier(rowKey)}::text as row_id, ${sql.identifier(column)} as value from ${sql.identifier(table)}
          where ${sql.identifier(column)} is not null and ${sql.identifier(column)} <> '' and ${sql.identifier(column)} not like ${SEALED_PREFIX + "%"}`,
    );
    for (const row of rows) {
      // Only a value still in clear is replaced, so two starting copies cannot seal one twice.
      const updated = await db.execute(
        sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${sealSecret(row.value, sealContext(name, row.row_id))}
            where ${sql.identifier(rowKey)}::text = ${row.row_id} and ${sql.identifier(column)} = ${row.value}`,
      );
      sealed += updated.count;
    }
  }
  return sealed;
}
