import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";

export const DEMO_ANNOTATOR_EMAIL = "annotator@vigil.local";
/** Items younger than this stay in the queue for whoever opens /labelling. */
const KEEP_RECENT_DAYS = 2;
/** The demo models whose sampled items get labels: the classifiers' classes, delivery-time's minutes. */
const LABELLED_MODELS = ["spam-filter", "mail-triage", "delivery-time"] as const;

/**
 * A history of human labels for the demo's models, so their pages show sampled accuracy (spam
 * filter, mail triage) and sampled MAE (delivery time) beside the other figures from the first start: seven in
 * ten of the sampled items older than two days, labelled by the demo annotator with the
 * prediction's true answer (the corpus's class, the simulated delivery's real minutes). Each
 * label is dated a day after its prediction (so none counts as labelled today). Runs right after
 * the history is loaded; a model with labels already is left alone.
 * Returns how many items were labelled, per model.
 */
export async function seedDemoLabels(db: Database): Promise<Record<(typeof LABELLED_MODELS)[number], number>> {
  const done = { "spam-filter": 0, "mail-triage": 0, "delivery-time": 0 };
  for (const slug of LABELLED_MODELS) done[slug] = await labelModel(db, slug);
  return done;
}

async function labelModel(db: Database, slug: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [already] = await tx.execute<{ any: boolean }>(sql`
      select exists (select 1 from labels l join models m on m.id = l.model_id where m.slug = ${slug}) as any`);
    if (already?.any) return 0;
    const done = await tx.execute<{ id: number }>(sql`
      with annotator as (select id, email from users where email = ${DEMO_ANNOTATOR_EMAIL}),
      picked as (
        select i.id, i.model_id, p.actual_label as label, p.actual_value as value, i.predicted_at + interval '1 day' as labelled_at
        from labelling_items i
        join models m on m.id = i.model_id and m.slug = ${slug}
        join predictions p on p.id = i.id
        where i.status = 'open' and i.gold_label is null and i.labels_needed = 1
          and (p.actual_label is not null or p.actual_value is not null)
          and i.predicted_at < now() - make_interval(days => ${KEEP_RECENT_DAYS})
          and i.id % 10 < 7
        order by i.id
        for update of i
      ),
      given as (
        insert into labels (item_id, model_id, user_id, annotator, label, value, created_at)
        select picked.id, picked.model_id, annotator.id, annotator.email, picked.label, picked.value, picked.labelled_at from picked, annotator
        returning item_id
      )
      update labelling_items i set status = 'labelled', label = picked.label, value = picked.value, labelled_at = picked.labelled_at
      from picked where i.id = picked.id and exists (select 1 from given where given.item_id = picked.id)
      returning i.id`);
    return done.length;
  });
}
