"use client";

import { useEffect, useEffectEvent, useRef, useState, type FormEvent } from "react";
import { claimNextItemAction, renewClaimAction, skipItemAction, submitLabelAction, undoLastLabelAction } from "@/lib/actions/labelling";
import { SKIP_REASONS, SKIP_REASON_LABELS, type SkipReason } from "@/lib/labelling/constants";
import { classShortcut, isTypingTarget, reasonShortcut, shortcutFor } from "@/lib/labelling/keyboard";
import type { ClaimedItem, LabellingProgress, LabellingQueueInfo } from "@/lib/labelling/types";
import type { Result } from "@/lib/services/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { ItemFeatures, ModelAnswer } from "./item-features";
import { Key, ShortcutList } from "./shortcut-list";
import { PlanningCard } from "./planning-card";

type Notice = { tone: "error" | "success" | "info"; text: string };
type Answer = { label: string } | { value: number };

const UNREACHABLE: Result<never> = { ok: false, code: "internal", message: "Vigil could not be reached. Check your connection, then try again." };

/** Refusals after which the item in hand is gone for this person: move on to the next one. */
const MOVE_ON = new Set(["conflict", "not_found"]);

const answerText = (a: { label?: string | null; value?: number | null }) => (a.label ?? (a.value === null || a.value === undefined ? "" : String(a.value)));
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * One model's queue, one item at a time, keyboard first. The item is claimed for this person;
 * the claim is renewed every few minutes while the page is visible, and if it was lost anyway
 * the page says so and fetches the next item. Every refusal is shown as the server words it.
 */
export function LabellingSession({ queue }: { queue: LabellingQueueInfo }) {
  const { model } = queue;
  const regression = model.task === "regression";
  const [item, setItem] = useState<ClaimedItem | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [progress, setProgress] = useState<LabellingProgress | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [phase, setPhase] = useState<"answer" | "skip">("answer");
  const [otherOpen, setOtherOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  // Guards against a second keystroke while the first is on its way (state updates too late).
  const busyRef = useRef(false);

  async function act<T>(action: () => Promise<Result<T>>): Promise<Result<T> | null> {
    if (busyRef.current) return null;
    busyRef.current = true;
    setBusy(true);
    try {
      return await action();
    } catch {
      return UNREACHABLE;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  function show(next: { item: ClaimedItem | null; progress: LabellingProgress }) {
    setItem(next.item);
    setProgress(next.progress);
    setPhase("answer");
    setOtherOpen(false);
    setLoaded(true);
  }

  async function fetchNext(then: Notice | null) {
    const result = await act(() => claimNextItemAction({ model: model.slug }));
    if (!result) return;
    if (result.ok) {
      show(result.data);
      setNotice(then);
    } else {
      setLoaded(true);
      setNotice({ tone: "error", text: result.message });
    }
  }

  async function label(answer: Answer) {
    if (!item) return;
    const result = await act(() => submitLabelAction({ model: model.slug, itemId: item.itemId, ...answer }));
    if (!result) return;
    if (result.ok) {
      show(result.data);
      const given = answerText(answer);
      setNotice({ tone: "success", text: result.data.duplicate ? `That label (${given}) was saved already.` : `Saved ${given}. Press U within a minute to undo.` });
    } else if (MOVE_ON.has(result.code)) {
      await fetchNext({ tone: "error", text: `${result.message} Here is the next item.` });
    } else {
      setNotice({ tone: "error", text: result.message });
    }
  }

  async function skip(reason: SkipReason, note: string) {
    if (!item) return;
    const result = await act(() => skipItemAction({ model: model.slug, itemId: item.itemId, reason, note }));
    if (!result) return;
    if (result.ok) {
      show(result.data);
      setNotice({ tone: "info", text: `Skipped (${SKIP_REASON_LABELS[reason].toLowerCase()}). Someone else will get that item.` });
    } else if (MOVE_ON.has(result.code)) {
      await fetchNext({ tone: "error", text: `${result.message} Here is the next item.` });
    } else {
      setNotice({ tone: "error", text: result.message });
    }
  }

  async function undo() {
    const result = await act(() => undoLastLabelAction({ model: model.slug }));
    if (!result) return;
    if (result.ok) {
      show(result.data);
      setNotice({ tone: "info", text: `Undone: your label ${answerText(result.data.undone)} is taken back, and the item is yours again.` });
    } else {
      setNotice({ tone: "error", text: result.message });
    }
  }

  function onValue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get("value") ?? "").trim();
    const value = Number(raw);
    if (raw === "" || !Number.isFinite(value)) {
      setNotice({ tone: "error", text: "Enter a number, like 42 or 41.5." });
      return;
    }
    void label({ value });
  }

  function onOther(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void skip("other", String(new FormData(event.currentTarget).get("note") ?? ""));
  }

  // The first item, when the page opens (a person's running claim comes back first).
  const onFirst = useEffectEvent((result: Result<{ item: ClaimedItem | null; progress: LabellingProgress }>) => {
    if (result.ok) show(result.data);
    else {
      setLoaded(true);
      setNotice({ tone: "error", text: result.message });
    }
  });
  useEffect(() => {
    let stopped = false;
    claimNextItemAction({ model: model.slug }).then(
      (result) => !stopped && onFirst(result),
      () => !stopped && onFirst(UNREACHABLE),
    );
    return () => {
      stopped = true;
    };
  }, [model.slug]);

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    const shortcut = shortcutFor(
      { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, repeat: event.repeat, inField: isTypingTarget(event.target as HTMLElement | null) },
      { phase: !loaded || !item ? "idle" : phase, classes: regression ? [] : model.classes },
    );
    if (!shortcut) return;
    event.preventDefault();
    switch (shortcut.type) {
      case "leaveField":
        (event.target as HTMLElement).blur();
        return;
      case "cancel":
        setPhase("answer");
        setOtherOpen(false);
        return;
      case "skip":
        setPhase("skip");
        return;
      case "reason":
        if (shortcut.reason === "other") setOtherOpen(true);
        else void skip(shortcut.reason, "");
        return;
      case "label":
        void label({ label: shortcut.label });
        return;
      case "undo":
        void undo();
        return;
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  // The lease: renewed every few minutes while the page is visible, and at once when it comes
  // back into view. A claim lost meanwhile (it ran out and someone took it) moves on.
  const onLeaseLost = useEffectEvent((message: string) => void fetchNext({ tone: "error", text: `${message} Here is the next item.` }));
  const onRenewed = useEffectEvent((itemId: string, claimExpiresAt: string) => setItem((current) => (current?.itemId === itemId ? { ...current, claimExpiresAt } : current)));
  const itemId = item?.itemId ?? null;
  useEffect(() => {
    if (!itemId) return;
    let stopped = false;
    const renew = async () => {
      if (document.visibilityState !== "visible") return;
      const result = await renewClaimAction({ itemId }).catch(() => null);
      if (stopped || !result) return;
      if (result.ok) onRenewed(itemId, result.data.claimExpiresAt);
      else if (MOVE_ON.has(result.code)) onLeaseLost(result.message);
    };
    const every = Math.min(3 * 60_000, Math.max(30_000, (queue.leaseMinutes * 60_000) / 3));
    const timer = window.setInterval(() => void renew(), every);
    const onVisibility = () => void renew();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [itemId, queue.leaseMinutes]);

  const classes = regression ? [] : model.classes;

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        {!loaded ? (
          <Card className="px-5 py-10 text-center text-sm text-slate-500">Fetching the next item…</Card>
        ) : item ? (
          <Card>
            <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-5 py-3">
              <h2 className="text-base font-semibold text-slate-900">
                Prediction <span className="font-mono text-sm" data-testid="prediction-id">{item.predictionId}</span>
              </h2>
              <p className="text-xs text-slate-500">made {utc(item.predictedAt)}</p>
            </div>
            <ItemFeatures item={item} />
            <div className="border-t border-slate-200 px-5 py-3">
              {queue.showPrediction ? (
                <ModelAnswer item={item} model={model} />
              ) : (
                <p className="text-xs text-slate-500">The model&apos;s own answer is hidden, so that it does not sway yours.</p>
              )}
            </div>
          </Card>
        ) : (
          <EmptyState title={`The queue for ${model.name} is empty`}>
            <p>Every sampled prediction of this model is labelled, or skipped by you. New items arrive as the model&apos;s predictions come in.</p>
            <p className="mt-2">
              <Key>U</Key> still takes back your last label for a minute.
            </p>
            <div className="mt-4">
              <Button variant="secondary" onClick={() => void fetchNext(null)} disabled={busy}>
                Check again
              </Button>
            </div>
          </EmptyState>
        )}
      </div>

      <div className="space-y-4">
        <Card className="p-5">
          <h2 className="text-sm font-semibold text-slate-900">Your label</h2>
          {item && phase === "answer" ? (
            regression ? (
              <form key={item.itemId} onSubmit={onValue} className="mt-3 flex gap-2" aria-label="Your value">
                <label htmlFor="labelling-value" className="sr-only">True value</label>
                <input id="labelling-value" name="value" type="number" step="any" inputMode="decimal" autoFocus placeholder="True value" className={`${inputClass} mt-0`} />
                <Button type="submit">Save</Button>
              </form>
            ) : (
              <div className="mt-3 grid grid-cols-2 gap-2" role="group" aria-label="Classes">
                {classes.map((name, index) => {
                  const key = classShortcut(index);
                  return (
                    <Button key={name} variant="secondary" className="justify-start" onClick={() => void label({ label: name })} aria-keyshortcuts={key ?? undefined}>
                      {key ? <Key>{key}</Key> : null}
                      <span className="truncate">{name}</span>
                    </Button>
                  );
                })}
              </div>
            )
          ) : null}

          {item && phase === "skip" ? (
            <div className="mt-3" role="group" aria-label="Why skip this item?">
              <p className="text-sm text-slate-700">Why skip this item?</p>
              <div className="mt-2 grid gap-2">
                {SKIP_REASONS.map((reason) => (
                  <Button key={reason} variant="secondary" className="justify-start" aria-keyshortcuts={reasonShortcut(reason)} onClick={() => (reason === "other" ? setOtherOpen(true) : void skip(reason, ""))}>
                    <Key>{reasonShortcut(reason)}</Key>
                    {SKIP_REASON_LABELS[reason]}
                    {reason === "other" ? "…" : ""}
                  </Button>
                ))}
              </div>
              {otherOpen ? (
                <form onSubmit={onOther} className="mt-3 space-y-2" aria-label="Other reason">
                  <label htmlFor="labelling-skip-note" className="text-sm font-medium text-slate-700">What is wrong with it?</label>
                  <input id="labelling-skip-note" name="note" maxLength={500} autoFocus className={inputClass} />
                  <Button type="submit">Skip item</Button>
                </form>
              ) : null}
              <button type="button" className="mt-3 text-sm text-slate-600 underline-offset-2 hover:underline" onClick={() => setPhase("answer")}>
                Back to labelling (<Key>Esc</Key>)
              </button>
            </div>
          ) : null}

          <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
            {item && phase === "answer" ? (
              <Button variant="ghost" onClick={() => setPhase("skip")} aria-keyshortcuts="S">
                <Key>S</Key> Skip
              </Button>
            ) : null}
            <Button variant="ghost" onClick={() => void undo()} aria-keyshortcuts="U">
              <Key>U</Key> Undo last label
            </Button>
          </div>
        </Card>

        <Card className="p-5">
          <dl className="grid grid-cols-2 gap-4">
            <div>
              <dt className="text-xs text-slate-500">Labelled by you today</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="labelled-today">
                {progress ? progress.labelledToday.toLocaleString("en") : "–"}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Left in this queue</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="queue-remaining">
                {progress ? progress.remaining.toLocaleString("en") : "–"}
              </dd>
            </div>
          </dl>
          {item ? (
            <p className="mt-3 text-xs text-slate-500">
              This item is held for you until {clock(item.claimExpiresAt)}; the hold is renewed while this page is open.
            </p>
          ) : null}
        </Card>

        <Card className="p-5">
          <ShortcutList regression={regression} classCount={classes.length} />
        </Card>

        {regression ? null : <PlanningCard baseline={queue.baseline} windowLabels={progress?.windowLabels ?? null} />}
      </div>
    </div>
  );
}
