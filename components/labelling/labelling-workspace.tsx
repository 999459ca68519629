"use client";

import { useRouter } from "next/navigation";
import type { LabellingQueue, LabellingQueueInfo } from "@/lib/labelling/types";
import { inputClass } from "@/components/ui/field";
import { Card } from "@/components/ui/card";
import { LabellingSession } from "./labelling-session";

/** The model picker (in the URL, as `?model=`) and the chosen model's queue. */
export function LabellingWorkspace({ queues, queue }: { queues: LabellingQueue[]; queue: LabellingQueueInfo | null }) {
  const router = useRouter();
  const selected = queue?.model.slug ?? "";
  const options = queue && !queues.some((q) => q.slug === selected) ? [...queues, { slug: selected, name: queue.model.name, task: queue.model.task, queued: 0 }] : queues;

  return (
    <div className="space-y-6">
      <div className="max-w-md">
        <label htmlFor="labelling-model" className="text-sm font-medium text-slate-700">Model</label>
        <select
          id="labelling-model"
          value={selected}
          className={inputClass}
          onChange={(event) => {
            // Give the keyboard back to the page, so 1–9, S and U work at once.
            event.currentTarget.blur();
            router.push(`/labelling?model=${encodeURIComponent(event.currentTarget.value)}`);
          }}
        >
          <option value="" disabled>Choose a model…</option>
          {options.map((q) => (
            <option key={q.slug} value={q.slug}>
              {q.name} — {q.queued.toLocaleString("en")} to label
            </option>
          ))}
        </select>
      </div>
      {queue ? (
        <LabellingSession key={queue.model.slug} queue={queue} />
      ) : (
        <Card className="p-5 text-sm text-slate-600">
          Choose a model to start. Items come one at a time; each is held for you while you work on it, and your labels become the model&apos;s sampled accuracy.
        </Card>
      )}
    </div>
  );
}
