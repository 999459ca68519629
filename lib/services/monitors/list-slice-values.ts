import "server-only";
import { sql } from "drizzle-orm";
import { assertPermission, type ServiceContext } from "../context";

/** Values offered per segment feature: the largest by volume over the last 30 days. */
const VALUES_OFFERED = 100;

/**
 * Each model's declared segment features with their values seen in the last 30 days, largest
 * first, for the monitor form's slice pickers: from the segment rollups, never raw rows.
 */
export async function listSliceValues(ctx: ServiceContext): Promise<Record<string, Record<string, string[]>>> {
  assertPermission(ctx.actor, "models.view");
  const rows = await ctx.db.execute<{ slug: string; feature: string; value: string }>(sql`
    select slug, feature, value from (
      select m.slug, f.name as feature, s.value, row_number() over (partition by m.id, f.name order by sum(s.volume) desc, s.value) as rank
      from models m
      cross join lateral jsonb_to_recordset(m.segment_features) as f(name text)
      join metric_rollup_segments s on s.model_id = m.id and s.segment = 'feature:' || f.name
      where s.bucket_start >= now() - interval '30 days'
      group by m.id, m.slug, f.name, s.value
    ) ranked
    where rank <= ${VALUES_OFFERED}
    order by slug, feature, rank`);
  const out: Record<string, Record<string, string[]>> = {};
  for (const r of rows) ((out[r.slug] ??= {})[r.feature] ??= []).push(r.value);
  return out;
}
