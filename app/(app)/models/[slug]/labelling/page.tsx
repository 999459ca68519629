import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/session/session";
import { getSamplingPolicy, getLabellingReview } from "@/lib/services/labelling";
import { ServiceError } from "@/lib/services/errors";
import { SKIP_REASONS, SKIP_REASON_LABELS } from "@/lib/labelling/constants";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { SamplingPolicyForm } from "@/components/labelling/sampling-policy-form";
import { AgreementCard } from "@/components/labelling/agreement-card";
import { ReviewList } from "@/components/labelling/review-list";
import { GoldCard } from "@/components/labelling/gold-card";
import { BackfillCard } from "@/components/labelling/backfill-card";
import { Table, TableBody, TableHead } from "@/components/ui/table";

export const metadata: Metadata = { title: "Sampling for labelling" };

const count = (n: number) => n.toLocaleString("en");

export default async function SamplingSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requirePageUser("labelling.manage");
  const { slug } = await params;
  const [view, review] = await Promise.all([getSamplingPolicy(ctx, slug), getLabellingReview(ctx, slug)]).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  const { model, policy, queue } = view;
  const skipped = SKIP_REASONS.reduce((sum, r) => sum + queue.skips[r], 0);

  return (
    <>
      <p className="text-sm text-slate-500"><Link href={`/models/${model.slug}`} className="hover:underline">{model.name}</Link> /</p>
      <PageHeader title="Sampling for labelling" description="Which of this model's predictions go to the labelling queue, what annotators see, how well they agree, and the labels an approver must settle." />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card className="p-6">
            {view.isDefault ? (
              <div className="mb-5">
                <Alert tone="info">This model uses the defaults. Saving gives it a policy of its own.</Alert>
              </div>
            ) : null}
            <SamplingPolicyForm model={model} initial={policy} />
          </Card>
          <BackfillCard slug={model.slug} backfill={view.backfill} />
        </div>
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="text-sm font-semibold text-slate-900">The queue</h2>
            <dl className="mt-3 grid grid-cols-3 gap-3 text-sm">
              <div><dt className="text-xs text-slate-500">Waiting</dt><dd className="text-xl font-semibold tabular-nums" data-testid="queue-open">{count(queue.open)}</dd></div>
              <div><dt className="text-xs text-slate-500">Labelled</dt><dd className="text-xl font-semibold tabular-nums">{count(queue.labelled)}</dd></div>
              <div><dt className="text-xs text-slate-500">New today</dt><dd className="text-xl font-semibold tabular-nums">{count(queue.createdToday)}</dd></div>
            </dl>
            {queue.review ? <p className="mt-2 text-xs text-slate-600" data-testid="queue-review">{count(queue.review)} labelled twice, differently: waiting for review below.</p> : null}
            {queue.strata.length ? (
              <Table label="Items per stratum" className="mt-4">
                <TableHead look="compact" columns={["Stratum", { label: "Items", align: "right" }, { label: "Labelled", align: "right" }]} />
                <TableBody>
                  {queue.strata.map((s) => (
                    <tr key={s.stratum}><td className="py-1 font-mono text-xs">{s.stratum}</td><td className="py-1 text-right tabular-nums">{count(s.items)}</td><td className="py-1 text-right tabular-nums">{count(s.labelled)}</td></tr>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </Card>
          {model.task !== "regression" ? <AgreementCard agreement={review.agreement} settled={review.settled} overlapShare={policy.overlapShare} awaitingSecond={review.awaitingSecond} /> : null}
          {model.task !== "regression" ? <GoldCard model={model} gold={review.gold} /> : null}
          <Card className="p-5">
            <h2 className="text-sm font-semibold text-slate-900">Skips</h2>
            <p className="mt-1 text-xs text-slate-500">Why annotators passed on items ({count(skipped)} in all). Many “unclear input” skips may mean the features do not show what a person needs to judge.</p>
            <ul className="mt-3 space-y-1 text-sm" aria-label="Skips per reason">
              {SKIP_REASONS.map((r) => (
                <li key={r} className="flex justify-between"><span>{SKIP_REASON_LABELS[r]}</span><span className="tabular-nums" data-testid={`skips-${r}`}>{count(queue.skips[r])}</span></li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
      {model.task !== "regression" && (policy.overlapShare > 0 || review.waiting > 0) ? (
        <div className="mt-6">
          <ReviewList model={model} items={review.review} waiting={review.waiting} settled={review.settled} />
        </div>
      ) : null}
    </>
  );
}
