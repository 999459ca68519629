"use client";

import { useState, useTransition } from "react";
import { endOwnSessionsAction } from "@/lib/actions/account";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Session = { id: string; current: boolean; address: string | null; userAgent: string | null; createdAt: string; expiresAt: string };

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

/** A browser's name, roughly, from its user agent: enough to tell one's laptop from one's phone. */
function browserOf(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const name = /(Firefox|Edg|Chrome|Chromium|Safari)\/[\d.]+/.exec(userAgent)?.[1];
  const system = /(Windows|Mac OS X|Android|iPhone|Linux)/.exec(userAgent)?.[1];
  const label = { Edg: "Edge" }[name ?? ""] ?? name ?? "A browser";
  return system ? `${label} on ${system === "Mac OS X" ? "macOS" : system}` : label;
}

export function SessionsList({ sessions }: { sessions: Session[] }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const others = sessions.filter((s) => !s.current).length;

  function end(input: { which: "others" } | { sessionId: string }) {
    startTransition(async () => {
      const result = await endOwnSessionsAction(input);
      setMessage(result.ok ? { tone: "success", text: `Signed out of ${result.data.endedSessions} other session${result.data.endedSessions === 1 ? "" : "s"}.` } : { tone: "error", text: result.message });
    });
  }

  return (
    <div className="p-5">
      {message ? <div className="mb-3"><Alert tone={message.tone}>{message.text}</Alert></div> : null}
      <ul className="divide-y divide-slate-100 text-sm" aria-label="Your sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={s.current ? "current-session" : undefined}>
            <span>
              <span className="font-medium text-slate-900">{browserOf(s.userAgent)}</span>
              <span className="text-slate-600"> from {s.address ?? "an unknown address"}</span>
              {s.current ? <span className="ml-2"><Badge tone="green">This browser</Badge></span> : null}
            </span>
            <span className="inline-flex items-center gap-3">
              <span className="text-xs text-slate-500">signed in {when(s.createdAt)} · ends {when(s.expiresAt)}</span>
              {s.current ? null : (
                <Button variant="ghost" disabled={pending} onClick={() => end({ sessionId: s.id })} aria-label={`Sign out the session from ${s.address ?? "an unknown address"}, signed in ${when(s.createdAt)}`}>
                  Sign out
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      <div className="mt-4">
        <Button variant="secondary" disabled={pending || others === 0} onClick={() => end({ which: "others" })}>
          Sign out of other sessions
        </Button>
      </div>
    </div>
  );
}
