"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { createModelAction } from "@/lib/actions/models";
import { MODEL_TASKS, MODEL_TASK_LABELS, type ModelTask } from "@/lib/models/constants";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, inputClass } from "@/components/ui/field";

const TASK_HELP: Record<ModelTask, string> = {
  binary: "Two classes; each prediction carries the probability of the positive one.",
  multiclass: "Three or more classes; each prediction carries a probability per class.",
  regression: "Predicts a number; each prediction carries a value.",
};

export function CreateModelForm() {
  const router = useRouter();
  const [task, setTask] = useState<ModelTask>("binary");
  const [classes, setClasses] = useState("");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const classList = classes.split(",").map((c) => c.trim()).filter(Boolean);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await createModelAction({
        slug: String(form.get("slug") ?? ""),
        name: String(form.get("name") ?? ""),
        task,
        classes: task === "regression" ? [] : classList,
        positiveClass: task === "binary" ? String(form.get("positiveClass") ?? "") || null : null,
        description: String(form.get("description") ?? ""),
      });
      if (result.ok) {
        router.push(`/?created=${encodeURIComponent(result.data.slug)}`);
        router.refresh();
      } else {
        setError(result.code === "invalid_input" ? "Check the fields marked below." : result.message);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Register a model">
      {error ? <Alert>{error}</Alert> : null}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Display name" name="name" errors={fieldErrors.name}>
          <input id="name" name="name" required className={inputClass} placeholder="Spam filter" />
        </Field>
        <Field label="Slug" name="slug" errors={fieldErrors.slug} hint="Used in URLs and API calls; cannot change later.">
          <input id="slug" name="slug" required className={`${inputClass} font-mono`} placeholder="spam-filter" pattern="[a-z0-9]+(-[a-z0-9]+)*" />
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Task</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-3">
          {MODEL_TASKS.map((t) => (
            <label key={t} className={`cursor-pointer rounded-md border p-3 text-sm ${task === t ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}>
              <input type="radio" name="task" value={t} checked={task === t} onChange={() => setTask(t)} className="mr-2" />
              <span className="font-medium">{MODEL_TASK_LABELS[t]}</span>
              <span className="mt-1 block text-xs text-slate-600">{TASK_HELP[t]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {task !== "regression" ? (
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Class labels" name="classes" errors={fieldErrors.classes} hint="Separated by commas, as the model names them.">
            <input id="classes" name="classes" value={classes} onChange={(e) => setClasses(e.target.value)} className={inputClass} placeholder={task === "binary" ? "ham, spam" : "cat, dog, bird"} />
          </Field>
          {task === "binary" ? (
            <Field label="Positive class" name="positiveClass" errors={fieldErrors.positiveClass} hint="The class whose probability the score is.">
              <select id="positiveClass" name="positiveClass" className={inputClass} disabled={classList.length === 0} defaultValue="">
                <option value="">{classList.length ? "Choose…" : "Enter the classes first"}</option>
                {classList.map((c) => (
                  <option key={c} value={c}>{c}</option>
                ))}
              </select>
            </Field>
          ) : null}
        </div>
      ) : null}
      <Field label="Description" name="description" errors={fieldErrors.description} hint="Optional: what it decides, and what normal looks like.">
        <textarea id="description" name="description" rows={3} className={inputClass} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>{pending ? "Registering…" : "Register model"}</Button>
        <Button type="button" variant="secondary" onClick={() => router.push("/")}>Cancel</Button>
      </div>
    </form>
  );
}
