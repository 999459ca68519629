"use client";

import { useState, useTransition } from "react";
import { resolveReviewAction } from "@/lib/actions/labelling";
import type { LabellingModel, ReviewItem } from "@/lib/labelling/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ItemFeatures } from "./item-features";

/**
 * Items whose two labels disagree: the approver reads the input and both answers, and sets the
 * final label with one of the class buttons. The server answers with the page refreshed.
 */
export function ReviewList({ model, items, waiting, settled }: { model: LabellingModel; items: ReviewItem[]; waiting: number; settled: number }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  function decide(item: ReviewItem, label: string) {
    startTransition(async () => {
      const result = await resolveReviewAction({ slug: model.slug, itemId: item.itemId, label });
      setMessage(result.ok ? { tone: "success", text: `Set ${label} as the final label of ${item.predictionId}.` } : { tone: "error", text: result.message });
    });
  }

  return (
    <Card>
      <div className="border-b border-slate-200 px-5 py-3">
        <h2 className="text-sm font-semibold text-slate-900">Review</h2>
        <p className="text-xs text-slate-500">
          Items whose two annotators disagree ({waiting.toLocaleString("en")} waiting{waiting > items.length ? `, the oldest ${items.length} shown` : ""}). Your choice becomes the label sampled accuracy uses; both annotators&apos; labels are kept.
        </p>
      </div>
      {message ? <div className="px-5 pt-4"><Alert tone={message.tone}>{message.text}</Alert></div> : null}
      {items.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600" data-testid="review-empty">
          {settled
            ? `Nothing to review: ${settled === 1 ? "the one disagreement so far is" : `all ${settled.toLocaleString("en")} disagreements so far are`} settled.`
            : "Nothing to review: every item labelled twice so far was labelled the same way."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Items to review">
          {items.map((item) => (
            <li key={item.itemId} className="py-3" aria-label={`Prediction ${item.predictionId}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-2 px-5">
                <span className="font-mono text-xs text-slate-600">{item.predictionId} · {item.predictedAt.slice(0, 16).replace("T", " ")} UTC</span>
                <span className="text-sm text-slate-700">
                  {item.labels.map((l, i) => (
                    <span key={i}>{i ? " · " : ""}<span className="text-slate-500">{l.annotator}:</span> <strong>{l.label}</strong></span>
                  ))}
                </span>
              </div>
              <ItemFeatures item={item} />
              <div className="flex flex-wrap items-center gap-2 px-5" role="group" aria-label="Final label">
                <span className="text-xs text-slate-500">Final label:</span>
                {model.classes.map((c) => (
                  <Button key={c} type="button" variant="secondary" disabled={pending} onClick={() => decide(item, c)}>{c}</Button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
