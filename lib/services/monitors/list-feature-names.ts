import "server-only";
import { sql } from "drizzle-orm";
import { assertPermission, type ServiceContext } from "../context";

/**
 * Feature names each model has had in the last 30 days, for the monitor form's suggestions: from
 * the daily rollups' distributions (a month is about 30 small rows per model), never raw rows.
 */
export async function listFeatureNames(ctx: ServiceContext): Promise<Record<string, string[]>> {
  assertPermission(ctx.actor, "models.view");
  const rows = await ctx.db.execute<{ slug: string; name: string }>(sql`
    select distinct m.slug, f.name
    from metric_rollups_daily d
    join models m on m.id = d.model_id
    cross join lateral jsonb_object_keys(d.distributions -> 'features') as f(name)
    where d.day_start >= now() - interval '30 days'
    order by m.slug, f.name`);
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.slug] ??= []).push(r.name);
  return out;
}
