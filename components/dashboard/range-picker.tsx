"use client";

import { useState } from "react";
import type { RangeChoice } from "@/lib/metrics/range";
import { useQueryChange } from "./use-query-change";
import { toggleButton as button } from "./toggle-button";

const PRESETS = [
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "30d", label: "30 d" },
] as const;

const toLocalInput = (d: Date) => d.toISOString().slice(0, 16);

/** Range and bucket live in the URL, so a view can be shared and survives a reload. */
export function RangePicker({ choice }: { choice: RangeChoice }) {
  const go = useQueryChange();
  const [custom, setCustom] = useState(choice.range === "custom");
  const [from, setFrom] = useState(toLocalInput(choice.from));
  const [to, setTo] = useState(toLocalInput(choice.to));

  return (
    <div className="flex flex-wrap items-center gap-3">
      <div role="group" aria-label="Time range" className="inline-flex">
        {PRESETS.map((p) => (
          <button key={p.value} type="button" aria-pressed={!custom && choice.range === p.value} className={button(!custom && choice.range === p.value)} onClick={() => { setCustom(false); go({ range: p.value, from: null, to: null, bucket: null }); }}>
            {p.label}
          </button>
        ))}
        <button type="button" aria-pressed={custom} className={button(custom)} onClick={() => setCustom(true)}>
          Custom
        </button>
      </div>
      {custom ? (
        <form
          className="flex flex-wrap items-center gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            go({ range: "custom", from: new Date(`${from}Z`).toISOString(), to: new Date(`${to}Z`).toISOString() });
          }}
        >
          <label className="flex items-center gap-1">From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1" /></label>
          <label className="flex items-center gap-1">to <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1" /></label>
          <span className="text-xs text-slate-500">UTC</span>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">Apply</button>
        </form>
      ) : null}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        Buckets
        <select value={choice.bucket} onChange={(e) => go({ bucket: e.target.value })} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
          <option value="hour">hourly</option>
          <option value="day">daily</option>
        </select>
      </label>
    </div>
  );
}
