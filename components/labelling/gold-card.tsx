"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { addGoldItemAction } from "@/lib/actions/labelling";
import type { GoldView, LabellingModel } from "@/lib/labelling/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { Table, TableBody, TableHead } from "@/components/ui/table";

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

/** Gold items (predictions with a known answer) and each annotator's accuracy on them. */
export function GoldCard({ model, gold }: { model: LabellingModel; gold: GoldView }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const form = useRef<HTMLFormElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const predictionId = String(data.get("predictionId") ?? "");
    const label = String(data.get("goldLabel") ?? "");
    startTransition(async () => {
      const result = await addGoldItemAction({ slug: model.slug, predictionId, label });
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      setMessage(result.ok ? { tone: "success", text: `Added ${predictionId} as a gold item (${label}).` } : { tone: "error", text: result.message });
      if (result.ok) form.current?.reset();
    });
  }

  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">Gold items</h2>
      <p className="mt-1 text-xs text-slate-500">
        Predictions with a known answer, mixed into every annotator&apos;s queue once (about one claim in ten) to measure how often each is right. They never count in the model&apos;s sampled accuracy.
      </p>
      {gold.annotators.length ? (
        <Table label="Annotators on gold items" className="mt-3">
          <TableHead look="compact" columns={["Annotator", { label: "Right", align: "right" }, { label: "Accuracy", align: "right" }]} />
          <TableBody>
            {gold.annotators.map((a) => (
              <tr key={a.annotator}>
                <td className="py-1 text-xs break-all">{a.annotator}</td>
                <td className="py-1 pl-3 text-right tabular-nums">{a.correct} of {a.n}</td>
                <td className="py-1 pl-3 text-right tabular-nums" title={`95% Wilson interval ${pct(a.accuracy.low)} – ${pct(a.accuracy.high)}`}>{pct(a.accuracy.value)}</td>
              </tr>
            ))}
          </TableBody>
        </Table>
      ) : (
        <p className="mt-3 text-sm text-slate-600">{gold.items.length ? "No annotator has labelled a gold item yet." : "No gold items yet."}</p>
      )}
      {gold.items.length ? (
        <p className="mt-3 text-xs text-slate-500">
          {gold.items.length} gold item(s): {gold.items.map((g) => `${g.predictionId} (${g.label}, ${g.labels} label${g.labels === 1 ? "" : "s"})`).join(", ")}
        </p>
      ) : null}
      <form ref={form} onSubmit={onSubmit} className="mt-4 space-y-3 border-t border-slate-100 pt-4" aria-label="Add a gold item">
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        <Field label="Prediction id" name="predictionId" errors={fieldErrors.predictionId} hint="The caller's id of a stored prediction that is not in the sample.">
          <input id="predictionId" name="predictionId" required className={inputClass} />
        </Field>
        <Field label="Known answer" name="goldLabel" errors={fieldErrors.label}>
          <select id="goldLabel" name="goldLabel" required className={inputClass} defaultValue="">
            <option value="" disabled>Choose a class</option>
            {model.classes.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Adding…" : "Add gold item"}</Button>
      </form>
    </Card>
  );
}
