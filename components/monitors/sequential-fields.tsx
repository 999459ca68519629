"use client";

import { Field, inputClass } from "@/components/ui/field";
import { count } from "@/components/charts/format";

/** What the preview states for a sequential monitor (lib/services/monitors/preview-monitor.ts). */
export type SequentialStatement = { falseAlarmDays: number; delayHours: number; shift: number; baseline: number; trialsPerHour: number; direction: "below" | "above" | "outside" };

const DIRECTIONS = [
  { value: "below", label: "drops" },
  { value: "above", label: "rises" },
  { value: "outside", label: "moves either way" },
] as const;

const points = (shift: number) => `${Math.round(shift * 1000) / 10} point${shift === 0.01 ? "" : "s"}`;
const days = (d: number) => (d > 3650 ? "more than ten years" : d >= 2 ? `${Math.round(d)} days` : `${Math.round(d * 24)} hours`);
const hours = (h: number) => (h < 1.5 ? "about an hour" : h < 48 ? `about ${Math.round(h)} hours` : `about ${Math.round(h / 24)} days`);

/** The sentence the form shows before saving: both numbers, in plain words, at the model's volume today. */
export function describeSequential(s: SequentialStatement): string {
  const change = s.direction === "above" ? "rise" : s.direction === "below" ? "drop" : "move";
  return `About one false alarm every ${days(s.falseAlarmDays)} on healthy traffic; expected to notice a ${change} of ${points(s.shift)} (from ${(s.baseline * 100).toFixed(1)}%) within ${hours(s.delayHours)} at today's volume (${count(s.trialsPerHour)} an hour).`;
}

/** The "When it fires" fields of a sequential monitor: the direction, the change to notice, the false-alarm rate. */
export function SequentialFields({ text, set, err }: { text: (k: string) => string; set: (k: string, v: string) => void; err: (k: string) => string[] | undefined }) {
  const described = (k: string) => (err(k)?.length ? { "aria-invalid": true, "aria-describedby": `${k}-error` } : {});
  return (
    <>
      <Field label="Fires when the rate" name="comparison" errors={err("comparison")}>
        <select id="comparison" value={text("comparison")} onChange={(e) => set("comparison", e.target.value)} className={inputClass} {...described("comparison")}>
          {DIRECTIONS.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
        </select>
      </Field>
      <Field label="Change to notice" name="threshold" errors={err("threshold")} hint="From the reference window's rate, as a fraction: 0.05 is five points.">
        <input id="threshold" inputMode="decimal" value={text("threshold")} onChange={(e) => set("threshold", e.target.value)} className={inputClass} {...described("threshold")} />
      </Field>
      <Field label="About one false alarm every (days)" name="falseAlarmDays" errors={err("falseAlarmDays")} hint="On healthy traffic. Fewer false alarms take longer to notice a change.">
        <input id="falseAlarmDays" inputMode="decimal" value={text("falseAlarmDays")} onChange={(e) => set("falseAlarmDays", e.target.value)} className={inputClass} {...described("falseAlarmDays")} />
      </Field>
    </>
  );
}
