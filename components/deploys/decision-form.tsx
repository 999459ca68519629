"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { approveDeployAction, rejectDeployAction } from "@/lib/actions/registry";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { inputClass } from "@/components/ui/field";
import { useDecisionFlash } from "./decision-flash";

/** Approve or reject one request, with a comment (required to reject). */
export function DecisionForm({ requestId, version, ownRequest }: { requestId: string; version: string; ownRequest: boolean }) {
  const router = useRouter();
  const id = useId();
  const [comment, setComment] = useState("");
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const flash = useDecisionFlash();

  const decide = (approve: boolean) =>
    startTransition(async () => {
      const result = approve ? await approveDeployAction({ requestId, comment }) : await rejectDeployAction({ requestId, comment });
      if (!result.ok) {
        setMessage({ tone: "error", text: result.code === "invalid_input" && !approve ? "Say why you reject it in the comment." : result.message });
        return;
      }
      const data = result.data as { status: string; approvals?: number; required?: number };
      setMessage(null);
      flash({
        tone: "success",
        text:
          data.status === "deployed" ? `Approved: ${version} is now in production.` : data.status === "deploying" ? `Approved: the deploy target is deploying ${version}.` : data.status === "rejected" ? "Rejected." : `Approved (${data.approvals} of ${data.required}); waiting for another approver.`,
      });
      router.refresh();
    });

  if (ownRequest) return <p className="text-sm text-slate-600">You asked for this deploy, so another approver decides it.</p>;
  return (
    <div className="space-y-2">
      <label htmlFor={`${id}-comment`} className="text-sm font-medium text-slate-700">Comment</label>
      <textarea id={`${id}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} className={inputClass} placeholder="Why (required to reject)" />
      <div className="flex gap-2">
        <Button disabled={pending} onClick={() => decide(true)}>Approve and deploy {version}</Button>
        <Button variant="danger" disabled={pending} onClick={() => decide(false)}>Reject</Button>
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}
