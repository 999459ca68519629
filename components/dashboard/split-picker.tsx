"use client";

import { useQueryChange } from "./use-query-change";
import { toggleButton } from "./toggle-button";

const SPLITS = [
  { value: null, label: "All" },
  { value: "version", label: "By version" },
] as const;

/** Whether the time charts show the whole model or one line per version (`?split=version`). */
export function SplitPicker({ split }: { split: string | null }) {
  const go = useQueryChange();
  return (
    <div role="group" aria-label="Split the charts" className="inline-flex">
      {SPLITS.map((s) => (
        <button key={s.label} type="button" aria-pressed={split === s.value} className={toggleButton(split === s.value)} onClick={() => go({ split: s.value })}>
          {s.label}
        </button>
      ))}
    </div>
  );
}
