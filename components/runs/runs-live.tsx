"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RunsList } from "@/lib/services/runs";
import { cancelRunAction, startRetrainAction } from "@/lib/actions/registry";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { when } from "@/components/registry/format";
import { ProgressBar } from "./progress-bar";
import { RunStatusBadge } from "./run-status-badge";

const ACTIVE_POLL_MS = 1_500;
const IDLE_POLL_MS = 10_000;

async function fetchRuns(slug: string): Promise<RunsList> {
  const response = await fetch(`/api/v1/runs?model=${encodeURIComponent(slug)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { message?: string } | null)?.message ?? `The server answered ${response.status}.`);
  return response.json() as Promise<RunsList>;
}

/** The runs of a model, live: polls quickly while a run is active, slowly otherwise. */
export function RunsLive({ slug, initial, canStart, trainerReady }: { slug: string; initial: RunsList; canStart: boolean; trainerReady: boolean }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ["runs", slug],
    queryFn: () => fetchRuns(slug),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "queued" || r.status === "running") ? ACTIVE_POLL_MS : IDLE_POLL_MS),
  });
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const runs = query.data.runs;
  const active = runs.some((r) => r.status === "queued" || r.status === "running");

  const act = (work: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.message ?? "Something went wrong." });
      await client.invalidateQueries({ queryKey: ["runs", slug] });
    });

  return (
    <div className="space-y-4">
      {canStart ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button disabled={pending || active || !trainerReady} onClick={() => act(async () => startRetrainAction({ model: slug }), "Retrain started. Progress shows below.")}>
            Retrain now
          </Button>
          {!trainerReady ? <span className="text-sm text-slate-600">Choose a trainer on the <Link className="text-brand-700 underline" href={`/models/${slug}/versions`}>Versions page</Link> first.</span> : null}
          {active ? <span className="text-sm text-slate-600">A run is in progress; a model retrains one run at a time.</span> : null}
        </div>
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {query.isError ? <Alert>Could not refresh the runs: {query.error.message} (showing the last figures).</Alert> : null}
      {runs.length === 0 ? (
        <EmptyState title="No retrain runs yet">Runs start from the button above, from the model&apos;s schedule, or when a monitor with a retrain policy fires.</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Retrain runs">
          {runs.map((run) => (
            <li key={run.id}>
              <Card className="p-4">
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <RunStatusBadge status={run.status} />
                    <span className="font-medium text-slate-900">
                      {run.trigger === "manual" ? `Started by ${run.requestedBy}` : run.trigger === "schedule" ? "Started by the schedule" : run.monitor ? <>Started by monitor <Link href={`/monitors/${run.monitor.id}`} className="text-brand-700 underline">{run.monitor.name}</Link></> : "Started by a monitor"}
                    </span>
                    {run.trigger === "monitor" && run.alertId ? <Link href={`/alerts/${run.alertId}`} className="text-brand-700 underline">its alert</Link> : null}
                    <span className="text-slate-500">{when(run.createdAt)} · {run.trainer} trainer{run.attempts > 1 ? ` · attempt ${run.attempts}` : ""}</span>
                    {run.version ? <Link href={`/models/${slug}/versions`} className="text-brand-700 underline">made {run.version}</Link> : null}
                  </div>
                  {canStart && (run.status === "queued" || run.status === "running") ? (
                    <Button variant="danger" disabled={pending} onClick={() => act(async () => cancelRunAction({ runId: run.id }), "Run cancelled.")}>Cancel run</Button>
                  ) : null}
                </div>
                <div className="mt-3 flex items-center gap-3">
                  <ProgressBar value={run.progress} label={`Progress of the run started ${when(run.createdAt)}`} tone={run.status === "failed" ? "red" : run.status === "succeeded" ? "green" : run.status === "cancelled" ? "slate" : "brand"} />
                  <span className="w-12 text-right text-sm tabular-nums text-slate-700">{Math.round(run.progress * 100)}%</span>
                </div>
                <p className="mt-2 text-sm text-slate-700">{run.error ?? run.message}</p>
                {run.logs.length ? (
                  <details className="mt-2" open={run.status === "running"}>
                    <summary className="cursor-pointer text-sm text-slate-600">Log ({run.logs.length} lines)</summary>
                    <pre tabIndex={0} aria-label={`Log of the run started ${when(run.createdAt)}`} className="mt-2 max-h-64 overflow-auto rounded bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
                      {run.logs.map((l) => `${l.at.slice(11, 19)} ${l.level === "error" ? "ERROR " : ""}${l.message}`).join("\n")}
                    </pre>
                  </details>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
