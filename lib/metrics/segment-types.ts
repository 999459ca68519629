// Client-safe: what a split of the figures is (by version, or by a declared segment feature).

/**
 * A declared segment feature and how its values are cut: categorical ones by value (the most
 * frequent, the rest as "(other)"), numeric ones at the reference window's quintiles (`cuts`, the
 * 20th, 40th, 60th and 80th percentiles, repeated ones dropped). Cuts are taken once, when the
 * feature is declared or the reference window changes, so every hour is cut the same way.
 */
export type SegmentFeature = { name: string; type: "categorical" } | { name: string; type: "numeric"; cuts: number[] };

/** How a split is named in `?segment=`: by version, or by one declared segment feature. */
export type SegmentName = "version" | `feature:${string}`;

export const MAX_SEGMENT_FEATURES = 5;
/** Values a split shows, the largest first; the rest are added up as OTHER_VALUE. */
export const TOP_SEGMENT_VALUES = 20;
/** Values an hourly segment rollup keeps per segment; the rest of the hour goes to OTHER_VALUE. */
export const HOURLY_SEGMENT_VALUES = 50;
export const OTHER_VALUE = "(other)";
export const MISSING_VALUE = "(missing)";
/** Predictions that carry no version. */
export const NO_VERSION = "(none)";

export const featureSegment = (name: string): SegmentName => `feature:${name}`;
