import type { ModelMetrics } from "@/lib/metrics/metrics-types";
import { count, number, percent } from "@/components/charts/format";
import { Badge } from "@/components/ui/badge";
import { DRIFT_SEVERITY } from "./drift-severity";

function Tile({ label, value, detail, testId, badge, title }: { label: string; value: string; detail: React.ReactNode; testId: string; badge?: React.ReactNode; title?: string }) {
  return (
    // A <div> grouping one <dt> and its <dd>s is the only wrapper a <dl> allows around them.
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs" data-testid={testId} title={title}>
      <dt className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1 text-xs font-medium uppercase tracking-wide text-slate-500">
        <span>{label}</span>
        {badge}
      </dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={`${testId}-value`}>{value}</dd>
      <dd className="mt-1 text-xs text-slate-500">{detail}</dd>
    </div>
  );
}

const interval = (f: { low: number | null; high: number | null } | null | undefined) => (f && f.low !== null && f.high !== null ? `95% interval ${percent(f.low)} – ${percent(f.high)}` : "");

/** The range's headline figures, each with its n and interval. */
export function FigureTiles({ metrics }: { metrics: ModelMetrics }) {
  const t = metrics.totals;
  const output = metrics.drift.score ?? metrics.drift.prediction;
  const psi = output?.psi ?? null;
  const verdict = output ? DRIFT_SEVERITY[output.severity] : null;
  const psiBadge = metrics.drift.rebuilding ? <Badge>being rebuilt</Badge> : !metrics.drift.reference || !verdict ? <Badge>no reference yet</Badge> : <Badge tone={verdict.tone}>{verdict.text}</Badge>;
  return (
    <dl className="grid grid-cols-[repeat(auto-fit,minmax(11rem,1fr))] gap-3">
      <Tile label="Predictions" value={count(t.volume)} detail="in the selected range" testId="tile-volume" />
      {metrics.task === "binary" ? (
        <Tile label="Positive rate" value={percent(t.positiveRate?.value)} detail={t.positiveRate ? `${interval(t.positiveRate)} · n ${count(t.positiveRate.n)}` : "no predictions"} testId="tile-positive-rate" />
      ) : null}
      {metrics.task !== "regression" ? (
        <>
          <Tile
            label="Estimated accuracy"
            value={percent(t.estimatedAccuracy?.value)}
            detail={t.estimatedAccuracy ? `from calibrated scores, no labels · n ${count(t.estimatedAccuracy.n)}` : "no scores"}
            testId="tile-estimated-accuracy"
          />
          <Tile
            label="Sampled accuracy"
            value={percent(t.sampledAccuracy?.value)}
            detail={
              <>
                {t.sampledAccuracy ? `${interval(t.sampledAccuracy)} · ` : "from human labels · "}
                n <span data-testid="tile-sampled-accuracy-n">{count(t.sampledAccuracy?.n ?? 0)}</span> labelled
              </>
            }
            title={
              t.sampledAccuracy
                ? `The model's prediction against annotators' labels, each label weighted by 1/(its chance of being sampled). The interval is Wilson's at an effective n of ${number(t.sampledAccuracy.effectiveN, 1)}.`
                : "No labelled items in this range yet: annotators label sampled predictions at /labelling."
            }
            testId="tile-sampled-accuracy"
          />
          <Tile
            label="Ground-truth accuracy"
            value={percent(t.groundTruthAccuracy?.value)}
            detail={
              t.groundTruthAccuracy?.value != null
                ? `${interval(t.groundTruthAccuracy)} · n ${count(t.groundTruthAccuracy.n)} · ${percent(t.groundTruthAccuracy.coverage)} labelled`
                : `no ground truth yet · ${percent(t.groundTruthAccuracy?.coverage ?? 0)} labelled`
            }
            testId="tile-ground-truth-accuracy"
            badge={t.groundTruthAccuracy?.provisional ? <Badge tone="amber">provisional</Badge> : null}
          />
        </>
      ) : (
        <>
          <Tile label="MAE" value={number(t.mae?.value)} detail={t.mae ? `mean absolute error · n ${count(t.mae.n)} · ${percent(t.mae.coverage)} with truth` : "no ground truth yet"} testId="tile-mae" badge={t.mae?.provisional ? <Badge tone="amber">provisional</Badge> : null} />
          <Tile label="RMSE" value={number(t.rmse?.value)} detail={t.rmse ? `root mean squared error · mean residual ${number(t.meanResidual?.value)}` : "no ground truth yet"} testId="tile-rmse" />
          <Tile
            label="Sampled MAE"
            value={number(t.sampledMae?.value)}
            detail={
              <>
                {t.sampledMae ? (t.sampledMae.low !== null && t.sampledMae.high !== null ? `95% interval ${number(t.sampledMae.low)} – ${number(t.sampledMae.high)} · ` : "an interval needs 2 labels · ") : "from human labels · "}
                n <span data-testid="tile-sampled-mae-n">{count(t.sampledMae?.n ?? 0)}</span> labelled
              </>
            }
            title={
              t.sampledMae
                ? `The model's value against annotators' values, each label weighted by 1/(its chance of being sampled). The interval is normal, from the weighted (linearised) variance; the weights are worth ${number(t.sampledMae.effectiveN, 1)} equal labels.`
                : "No labelled items in this range yet: annotators label sampled predictions at /labelling."
            }
            testId="tile-sampled-mae"
          />
        </>
      )}
      {metrics.task === "multiclass" ? null : (
        <Tile label={metrics.task === "regression" ? "Prediction PSI" : "Score PSI"} value={number(psi, 3)} detail={output?.severity === "insufficient" ? `needs ${count(metrics.drift.minN)} predictions in each window (has ${count(Math.min(output.n, output.referenceN))})` : "population stability against the reference window"} testId="tile-psi" badge={psiBadge} />
      )}
    </dl>
  );
}
