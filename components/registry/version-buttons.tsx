"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { requestDeployAction, rollbackAction, startRetrainAction } from "@/lib/actions/registry";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Outcome = { ok: true } | { ok: false; message: string };

function useAct() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const act = (work: () => Promise<Outcome>, success: string) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.message });
      if (result.ok) router.refresh();
    });
  return { pending, message, act };
}

/** Retrain and roll back, at the top of the versions page. */
export function VersionsToolbar({ slug, canStart, canDecide, rollbackTo, production, trainerReady }: { slug: string; canStart: boolean; canDecide: boolean; rollbackTo: string | null; production: string | null; trainerReady: boolean }) {
  const { pending, message, act } = useAct();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {canStart ? (
          <Button disabled={pending || !trainerReady} title={trainerReady ? undefined : "Choose a trainer below first"} onClick={() => act(() => startRetrainAction({ model: slug }), "Retrain started; follow it on the Runs tab.")}>
            Retrain now
          </Button>
        ) : null}
        {canDecide && rollbackTo ? (
          // One click, as the product promises: a mistaken rollback is undone by deploying again.
          <Button variant="danger" disabled={pending} title={`Put ${rollbackTo} back in production instead of ${production}`} onClick={() => act(() => rollbackAction({ model: slug }), `Rolled back: ${rollbackTo} serves again.`)}>
            Roll back to {rollbackTo}
          </Button>
        ) : null}
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}

/** Ask for a deploy of a version that is not in production (an approver, or the policy, decides). */
export function RequestDeployButton({ slug, versionId, name }: { slug: string; versionId: string; name: string }) {
  const { pending, message, act } = useAct();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" disabled={pending} onClick={() => act(() => requestDeployAction({ model: slug, versionId }), `Deploy of ${name} requested; it waits on the Actions page.`)}>
        Request deploy
      </Button>
      {message ? <span className={`text-xs ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`} role="status">{message.text}</span> : null}
    </div>
  );
}
