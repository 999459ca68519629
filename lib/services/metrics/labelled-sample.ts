import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/connect";

/** Columns every row of a labelled sample has: its model, bucket and inclusion probability. */
export type SampleRow = { model: string; bucket_start: number; inclusion_probability: number; split?: unknown };
/** What a row's sampled figure starts from, plus the split when there is one. */
type SampleHead = { bucketStart: number; inclusionProbability: number; split?: unknown };

/**
 * The labelled items of many models whose predictions fall in [from, to), by model id. Reads the
 * items' standing (final) labels, never the labels table, through the partial index on labelled
 * items; each item's prediction is fetched by its primary key (an item's id is its prediction's),
 * so no scan of predictions. Gold items (known answers, there to measure annotators) are never
 * part of the sample. `columns` adds a figure's own columns over the item `i` and prediction `p`,
 * `where` its own conditions; with `grouped`, rows are counted per model, bucket, inclusion
 * probability (and split). `split`, an expression over `p`, adds a `split` column (a split's figures).
 */
export async function loadLabelledSample<Row extends SampleRow, Item>(
  db: DbOrTx,
  modelIds: string[],
  window: { from: Date; to: Date; bucketMs: number },
  query: { columns: SQL; where?: SQL; grouped: boolean; split?: SQL },
  item: (row: Row) => Item,
): Promise<Map<string, (Item & SampleHead)[]>> {
  const byModel = new Map<string, (Item & SampleHead)[]>();
  if (modelIds.length === 0) return byModel;
  const { from, to, bucketMs } = window;
  const { columns, where, grouped, split } = query;
  const rows = await db.execute<Row>(sql`
    select i.model_id::text as model, floor(extract(epoch from i.predicted_at) * 1000 / ${bucketMs}::float8) * ${bucketMs}::float8 as bucket_start,
      i.inclusion_probability${split ? sql`, ${split} as split` : sql``}, ${columns}
    from labelling_items i join predictions p on p.id = i.id
    where i.model_id = any(${`{${modelIds.join(",")}}`}::uuid[]) and i.status = 'labelled' and i.gold_label is null${where ? sql` and ${where}` : sql``}
      and i.predicted_at >= ${from.toISOString()}::timestamptz and i.predicted_at < ${to.toISOString()}::timestamptz
    ${grouped ? sql`group by 1, 2, 3${split ? sql`, 4` : sql``}` : sql``}`);
  for (const r of rows) {
    const value = { bucketStart: Number(r.bucket_start), inclusionProbability: Number(r.inclusion_probability), ...item(r as Row), ...(split ? { split: r.split } : {}) };
    const list = byModel.get(r.model);
    if (list) list.push(value);
    else byModel.set(r.model, [value]);
  }
  return byModel;
}
