import "server-only";
import { sql } from "drizzle-orm";
import { agreementOf } from "@/lib/labelling/agreement";
import { wilsonInterval } from "@/lib/stats/wilson";
import { REVIEW_PAGE } from "@/lib/labelling/constants";
import type { LabellingReview } from "@/lib/labelling/types";
import { assertPermission, type ServiceContext } from "../context";
import { findModelBySlug } from "../models";

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * For the model's labelling page: Cohen's kappa on its items labelled twice (for the model and
 * per annotator pair), and the disagreements waiting for an approver's final label. An item
 * settled by review keeps its two labels, so it still counts in the agreement. And the gold
 * items with each annotator's accuracy on them.
 */
export async function getLabellingReview(ctx: ServiceContext, slug: string): Promise<LabellingReview> {
  assertPermission(ctx.actor, "labelling.manage");
  const model = await findModelBySlug(ctx.db, slug);
  const [doubles, review, [counts], goldItems, goldScores] = await Promise.all([
    ctx.db.execute<{ status: string; annotators: string[]; labels: string[] }>(sql`
      select i.status::text, array_agg(l.annotator order by l.created_at, l.id) as annotators, array_agg(l.label order by l.created_at, l.id) as labels
      from labelling_items i join labels l on l.item_id = i.id and l.undone_at is null
      where i.model_id = ${model.id}::uuid and i.labels_needed = 2 and i.status <> 'open' and l.label is not null
      group by i.id, i.status having count(*) = 2`),
    ctx.db.execute<{ id: string; external_id: string; predicted_at: Date | string; features: Record<string, unknown> | null; labels: { annotator: string; label: string; at: string }[] }>(sql`
      select i.id::text, p.external_id, p.predicted_at, p.features,
        (select json_agg(json_build_object('annotator', l.annotator, 'label', l.label, 'at', l.created_at) order by l.created_at, l.id)
         from labels l where l.item_id = i.id and l.undone_at is null) as labels
      from labelling_items i join predictions p on p.id = i.id
      where i.model_id = ${model.id}::uuid and i.status = 'review'
      order by i.predicted_at, i.id limit ${REVIEW_PAGE}`),
    ctx.db.execute<{ waiting: number; awaiting_second: number }>(sql`
      select (count(*) filter (where status = 'review'))::int as waiting,
        (count(*) filter (where status = 'open' and labels_needed = 2
          and exists (select 1 from labels l where l.item_id = i.id and l.undone_at is null)))::int as awaiting_second
      from labelling_items i where i.model_id = ${model.id}::uuid and (i.status = 'review' or i.labels_needed = 2)`),
    ctx.db.execute<{ external_id: string; gold_label: string; labels: number }>(sql`
      select p.external_id, i.gold_label,
        (select count(*)::int from labels l where l.item_id = i.id and l.undone_at is null) as labels
      from labelling_items i join predictions p on p.id = i.id
      where i.model_id = ${model.id}::uuid and i.gold_label is not null
      order by p.external_id limit ${REVIEW_PAGE}`),
    ctx.db.execute<{ annotator: string; n: number; correct: number }>(sql`
      select l.annotator, count(*)::int as n, (count(*) filter (where l.label = i.gold_label))::int as correct
      from labelling_items i join labels l on l.item_id = i.id and l.undone_at is null
      where i.model_id = ${model.id}::uuid and i.gold_label is not null
      group by l.annotator order by l.annotator`),
  ]);
  const agreement = agreementOf(
    doubles.map((d) => ({ first: { annotator: d.annotators[0]!, label: d.labels[0]! }, second: { annotator: d.annotators[1]!, label: d.labels[1]! } })),
  );
  // The same items the kappa counts: a disagreement is waiting for review or settled by it, so
  // the review box and the Agreement card tell one story.
  const settled = doubles.filter((d) => d.status !== "review" && d.labels[0] !== d.labels[1]).length;
  return {
    agreement,
    settled,
    review: review.map((r) => ({ itemId: r.id, predictionId: r.external_id, predictedAt: iso(r.predicted_at), features: r.features ?? {}, labels: (r.labels ?? []).map((l) => ({ ...l, at: iso(l.at) })) })),
    waiting: counts?.waiting ?? 0,
    awaitingSecond: counts?.awaiting_second ?? 0,
    gold: {
      items: goldItems.map((g) => ({ predictionId: g.external_id, label: g.gold_label, labels: Number(g.labels) })),
      annotators: goldScores.flatMap((g) => {
        const accuracy = wilsonInterval(g.correct, g.n);
        return accuracy ? [{ annotator: g.annotator, n: g.n, correct: g.correct, accuracy }] : [];
      }),
    },
  };
}
