import "server-only";
import { sql } from "drizzle-orm";
import type { ModelTask } from "@/lib/models/constants";
import type { LabellingQueue } from "@/lib/labelling/types";
import { assertPermission, type ServiceContext } from "../context";
import { claimantOf, notLabelledBy } from "./queue";

/** The models with items waiting for this person (open and not skipped by them), with how many. */
export async function listLabellingQueues(ctx: ServiceContext): Promise<LabellingQueue[]> {
  assertPermission(ctx.actor, "labels.write");
  const claimant = claimantOf(ctx.actor);
  const rows = await ctx.db.execute<{ slug: string; name: string; task: ModelTask; queued: number }>(sql`
    select m.slug, m.name, m.task, q.queued from models m
    join lateral (
      select count(*)::int as queued from labelling_items i
      where i.model_id = m.id and i.status = 'open'
        and not exists (select 1 from labelling_skips s where s.item_id = i.id and s.user_id = ${claimant.id}::uuid)
        and ${notLabelledBy(claimant)}
    ) q on q.queued > 0
    order by m.name`);
  return rows.map((r) => ({ slug: r.slug, name: r.name, task: r.task, queued: Number(r.queued) }));
}
