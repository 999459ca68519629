import type { FeatureQuality, QualityKind } from "@/lib/metrics/feature-quality";
import { count } from "@/components/charts/format";
import { Badge } from "@/components/ui/badge";

const KIND_TEXT: Record<QualityKind, string> = { missing: "missing", wrongType: "wrong type", outOfRange: "out of range", newCategory: "new category" };
const KIND_HELP: Record<QualityKind, string> = {
  missing: "absent or null",
  wrongType: "of another type than in the reference",
  outOfRange: "below the reference's minimum or above its maximum",
  newCategory: "a category the reference never had",
};
const KINDS = Object.keys(KIND_TEXT) as QualityKind[];

/** A share as people read it: whole percents, one decimal below 1% (never "0%" for a few rows). */
export const shareText = (share: number) => (share === 0 ? "0%" : share < 0.01 ? `${(share * 100).toFixed(1)}%` : `${Math.round(share * 100)}%`);

/** The kinds that apply to the feature, with their shares and counts. */
const kindsOf = (q: FeatureQuality) => KINDS.flatMap((kind) => (q[kind] === null ? [] : [{ kind, share: q[kind], count: q.counts[kind] }]));

function summary(q: FeatureQuality): string {
  return kindsOf(q)
    .map((k) => `${shareText(k.share)} ${KIND_TEXT[k.kind]} (${count(k.count)} of ${count(q.n)}: ${KIND_HELP[k.kind]})`)
    .concat(q.reference.missing === null ? [] : [`Reference: ${shareText(q.reference.missing)} missing (${count(q.reference.count)} of ${count(q.reference.n)})`])
    .join("\n");
}

/** The drift table's cell: the largest problem in words, a jump of the missing share marked, the rest in the tooltip. */
export function QualityCell({ quality }: { quality: FeatureQuality }) {
  if (quality.n === 0) return <span className="text-slate-400">—</span>;
  const problems = kindsOf(quality).filter((k) => k.count > 0).sort((a, b) => b.share - a.share);
  const top = problems[0];
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" title={summary(quality)} data-testid="quality-cell">
      {top ? <span className="tabular-nums text-slate-800">{shareText(top.share)} {KIND_TEXT[top.kind]}</span> : <span className="text-slate-500">no issues</span>}
      {problems.length > 1 ? <span className="text-xs text-slate-500">+{problems.length - 1} more</span> : null}
      {quality.missingJumped ? <Badge tone="red">missing ↑ from {shareText(quality.reference.missing ?? 0)}</Badge> : null}
    </span>
  );
}

/** The feature's detail panel: each kind with its count, against the reference where that means something. */
export function QualityDetail({ quality }: { quality: FeatureQuality }) {
  if (quality.n === 0) return <p className="text-sm text-slate-500">No predictions in the selected range.</p>;
  return (
    <div className="space-y-2" data-testid="quality-detail">
      <h3 className="text-sm font-semibold text-slate-800">Data quality in the selected range</h3>
      {quality.missingJumped ? (
        <p className="text-sm font-medium text-red-700" role="status">
          The missing share jumped: {shareText(quality.missing ?? 0)} now against {shareText(quality.reference.missing ?? 0)} in the reference window.
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        {kindsOf(quality).map((k) => (
          <div key={k.kind}>
            <dt className="text-xs text-slate-500" title={KIND_HELP[k.kind]}>{KIND_TEXT[k.kind]}</dt>
            <dd className="tabular-nums text-slate-900">
              {shareText(k.share)} <span className="text-xs text-slate-500">({count(k.count)} of {count(quality.n)})</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">
        {quality.referenceType ? `The reference's values are mostly of type ${quality.referenceType}. ` : ""}
        {quality.reference.missing === null ? "" : `Missing in the reference window: ${shareText(quality.reference.missing)} (${count(quality.reference.count)} of ${count(quality.reference.n)}). `}
        {quality.exact ? "" : "Out-of-range and new-category figures are estimates here (from the rollups' sketches and category caps)."}
      </p>
    </div>
  );
}
