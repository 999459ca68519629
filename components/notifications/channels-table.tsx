"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteChannelAction, testChannelAction } from "@/lib/actions/notifications";
import { CHANNEL_TYPE_LABELS, type ChannelType } from "@/lib/notifications/constants";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableHead } from "@/components/ui/table";

type Channel = { id: string; name: string; type: ChannelType; target: string; hasSecret: boolean; createdAt: string };

/** Channels with their masked target; "Send test" answers with the status code, or "could not deliver" and the log entry. */
export function ChannelsTable({ channels }: { channels: Channel[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  if (!channels.length) return <p className="p-5 text-sm text-slate-600">No channels yet. Add one below; monitors then choose which channels they notify.</p>;

  const test = (c: Channel) => {
    setBusy(c.id);
    startTransition(async () => {
      const r = await testChannelAction({ id: c.id });
      setBusy(null);
      if (!r.ok) setMessage({ tone: "error", text: r.message });
      else if (r.data.ok) setMessage({ tone: "success", text: `${c.name}: delivered (${r.data.statusCode}).` });
      else setMessage({ tone: "error", text: `${c.name}: ${r.data.message}. Admins find the reason in the delivery log below.` });
      router.refresh();
    });
  };
  const remove = (c: Channel) =>
    startTransition(async () => {
      const r = await deleteChannelAction({ id: c.id });
      setConfirming(null);
      setMessage(r.ok ? { tone: "success", text: `Removed ${c.name}.` } : { tone: "error", text: r.message });
      router.refresh();
    });

  return (
    <div>
      {message ? <div className="p-4 pb-0" aria-live="polite"><Alert tone={message.tone}>{message.text}</Alert></div> : null}
      <Table caption="Notification channels">
        <TableHead columns={["Channel", "Type", "Sends to", { label: "Actions", hidden: true }]} />
        <TableBody>
          {channels.map((c) => (
            <tr key={c.id} data-testid={`channel-${c.name}`}>
              <td className="px-4 py-3 font-medium text-slate-900">{c.name}</td>
              <td className="px-4 py-3 text-slate-700">{CHANNEL_TYPE_LABELS[c.type]}{c.hasSecret ? <span className="block text-xs text-slate-500">signed; secret stored on the server</span> : null}</td>
              <td className="px-4 py-3 font-mono text-xs text-slate-600">{c.target}</td>
              <td className="px-4 py-3 text-right">
                <div className="flex justify-end gap-2">
                  <Button variant="secondary" onClick={() => test(c)} disabled={pending}>{busy === c.id ? "Sending…" : "Send test"}</Button>
                  {confirming === c.id ? (
                    <>
                      <Button variant="danger" onClick={() => remove(c)} disabled={pending}>Remove {c.name}</Button>
                      <Button variant="ghost" onClick={() => setConfirming(null)}>Keep</Button>
                    </>
                  ) : (
                    <Button variant="ghost" onClick={() => setConfirming(c.id)}>Remove</Button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
