// Client-safe: where a time chart draws its vertical lines.
import type { Marker } from "./metrics-types";

export type ChartMarker = { x: string; label: string };

/** A deploy or rollback in words: "v2 deployed", "rolled back to v1". */
export const markerText = (m: Marker) => (m.type === "deployed" ? `${m.version} deployed` : `rolled back to ${m.version}`);

/**
 * Each deploy and rollback at the bucket it happened in (the last bucket starting at or before
 * it), labelled by `label`; several in one bucket share one line, their words joined.
 */
export function deployMarkers(markers: readonly Marker[], bucketStarts: readonly string[], label: (start: string) => string): ChartMarker[] {
  const starts = bucketStarts.map((s) => new Date(s).getTime());
  const byBucket = new Map<string, string[]>();
  for (const m of markers) {
    const at = new Date(m.at).getTime();
    let i = -1;
    while (i + 1 < starts.length && starts[i + 1]! <= at) i++;
    if (i < 0) continue;
    const x = label(bucketStarts[i]!);
    byBucket.set(x, [...(byBucket.get(x) ?? []), markerText(m)]);
  }
  return [...byBucket].map(([x, words]) => ({ x, label: words.join(", ") }));
}
