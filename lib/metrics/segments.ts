import { addScalars, emptyScalars, type RollupInputRow, type RollupModel, type ScalarSums } from "./aggregate-bucket";
import { countOf, setOwn } from "./own-keys";
import type { Counts } from "./rollup-types";
import { HOURLY_SEGMENT_VALUES, MISSING_VALUE, NO_VERSION, OTHER_VALUE, featureSegment, type SegmentFeature, type SegmentName } from "./segment-types";

/** A prediction as the hour's rollup reads it, with the name of the version that made it. */
export type SegmentInputRow = RollupInputRow & { version: string | null };

/** The scalar sums of one segment value in one hour (a row of metric_rollup_segments). */
export type SegmentRollup = ScalarSums & { segment: SegmentName; value: string; predicted: Counts };

/**
 * The key of a model's splits: an hour whose segment rows were written for another key is rebuilt.
 * Numeric cuts are part of it, so a feature cut again (a new reference window) is rebuilt too.
 */
export function segmentsKey(features: readonly SegmentFeature[]): string {
  return ["version", ...features.map((f) => (f.type === "numeric" ? `${featureSegment(f.name)}@${f.cuts.join(",")}` : featureSegment(f.name)))].join(";");
}

const shortNumber = (v: number) => String(Number(v.toPrecision(6)));

/** The labels of a numeric feature's bins, lowest first: "< c1", "c1 – c2", …, "≥ ck". */
export function numericBinLabels(cuts: readonly number[]): string[] {
  if (!cuts.length) return ["all values"];
  return [`< ${shortNumber(cuts[0]!)}`, ...cuts.slice(1).map((c, i) => `${shortNumber(cuts[i]!)} – ${shortNumber(c)}`), `≥ ${shortNumber(cuts[cuts.length - 1]!)}`];
}

/**
 * The segment value of one raw feature value: a category as text, a number as its bin between
 * the cuts (c_i ≤ v < c_i+1), absent or null or of the other type as MISSING_VALUE.
 */
export function segmentValueOf(feature: SegmentFeature, raw: unknown): string {
  if (raw === null || raw === undefined) return MISSING_VALUE;
  if (feature.type === "categorical") return typeof raw === "object" ? JSON.stringify(raw) : String(raw);
  if (typeof raw !== "number" || !Number.isFinite(raw)) return MISSING_VALUE;
  let bin = 0;
  while (bin < feature.cuts.length && raw >= feature.cuts[bin]!) bin++;
  return numericBinLabels(feature.cuts)[bin]!;
}

export function addSums(into: ScalarSums, from: ScalarSums): void {
  into.volume += from.volume;
  into.positiveCount += from.positiveCount;
  into.scoreSum += from.scoreSum;
  into.scoreCount += from.scoreCount;
  into.confidenceSum += from.confidenceSum;
  into.truthCount += from.truthCount;
  into.truthCorrect += from.truthCorrect;
  into.residualAbsSum += from.residualAbsSum;
  into.residualSqSum += from.residualSqSum;
  into.residualSum += from.residualSum;
}

export function addCounts(into: Counts, from: Counts): void {
  for (const k of Object.keys(from)) setOwn(into, k, countOf(into, k) + from[k]!);
}

/**
 * One hour's figures per model version and per value of each declared segment feature. Pure.
 * A segment with more than HOURLY_SEGMENT_VALUES values in the hour keeps its largest ones and
 * adds the rest up as OTHER_VALUE (reads then keep the range's top values; see splitSeries).
 * `versionOf` names a row's version (by default its `version`): the hour's rows as read, without
 * a copy of each with its version's name.
 */
export function aggregateSegments<Row extends RollupInputRow>(
  model: RollupModel,
  rows: Iterable<Row>,
  features: readonly SegmentFeature[],
  versionOf: (row: Row) => string | null = (row) => (row as unknown as SegmentInputRow).version,
): SegmentRollup[] {
  const segments: { segment: SegmentName; valueOf: (row: Row) => string; values: Map<string, SegmentRollup> }[] = [
    { segment: "version", valueOf: (row) => versionOf(row) ?? NO_VERSION, values: new Map() },
    ...features.map((f) => ({ segment: featureSegment(f.name), valueOf: (row: Row) => segmentValueOf(f, Object.hasOwn(row.features, f.name) ? row.features[f.name] : undefined), values: new Map<string, SegmentRollup>() })),
  ];
  for (const row of rows) {
    for (const s of segments) {
      const value = s.valueOf(row);
      let r = s.values.get(value);
      if (!r) s.values.set(value, (r = { ...emptyScalars(), segment: s.segment, value, predicted: {} }));
      addScalars(r, model, row);
      if (model.task === "multiclass" && row.label !== null) setOwn(r.predicted, row.label, countOf(r.predicted, row.label) + 1);
    }
  }
  return segments.flatMap((s) => capValues([...s.values.values()], HOURLY_SEGMENT_VALUES));
}

/** The `limit` largest values (by volume, then by name), the rest added up as OTHER_VALUE. */
export function capValues<T extends ScalarSums & { value: string; predicted: Counts }>(values: T[], limit: number): T[] {
  const sorted = values.sort((a, b) => b.volume - a.volume || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const kept = sorted.filter((v) => v.value !== OTHER_VALUE).slice(0, limit);
  const rest = sorted.filter((v) => !kept.includes(v));
  if (!rest.length) return kept;
  const other = { ...rest[0]!, ...emptyScalars(), value: OTHER_VALUE, predicted: {} } as T;
  for (const v of rest) {
    addSums(other, v);
    addCounts(other.predicted, v.predicted);
  }
  return [...kept, other];
}
