"use client";

import { useQueryChange } from "./use-query-change";
import { toggleButton } from "./toggle-button";

/**
 * Whether the time charts show the whole model, one line per version (`?split=version`) or one
 * per value of a declared segment feature (`?split=feature:<name>`).
 */
export function SplitPicker({ split, segmentFeatures }: { split: string | null; segmentFeatures: string[] }) {
  const go = useQueryChange();
  const splits = [{ value: null, label: "All" }, { value: "version", label: "By version" }, ...segmentFeatures.map((name) => ({ value: `feature:${name}`, label: `By ${name}` }))];
  return (
    <div role="group" aria-label="Split the charts" className="inline-flex flex-wrap">
      {splits.map((s) => (
        <button key={s.label} type="button" aria-pressed={split === s.value} className={toggleButton(split === s.value)} onClick={() => go({ split: s.value })}>
          {s.label}
        </button>
      ))}
    </div>
  );
}
