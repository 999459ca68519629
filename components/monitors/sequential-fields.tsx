"use client";

import { Field, inputClass } from "@/components/ui/field";

const DIRECTIONS = [
  { value: "below", label: "drops" },
  { value: "above", label: "rises" },
  { value: "outside", label: "moves either way" },
] as const;


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
