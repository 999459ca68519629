/**
 * Labels a bucket's sampled figure (accuracy, MAE) needs before the chart joins it into the line.
 * Below it one or two labels swing the figure from 0% to 100% (the 95% interval of one label
 * spans most of the axis), so such a bucket is drawn as a hollow point off the line, with its
 * interval, as monitor charts draw points below their minimum n.
 */
export const SAMPLED_LINE_MIN_N = 10;

/**
 * Where a bucket's value goes on a chart: `solid` (the line) when its n reaches `minN`, `thin`
 * (a hollow point, not joined) when it does not; both null when the bucket has no value.
 */
export function byMinimum(value: number | null | undefined, n: number, minN: number): { solid: number | null; thin: number | null } {
  if (value === null || value === undefined) return { solid: null, thin: null };
  return n >= minN ? { solid: value, thin: null } : { solid: null, thin: value };
}
