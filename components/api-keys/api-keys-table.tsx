"use client";

import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "@/lib/actions/api-keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Table, TableBody, TableHead } from "@/components/ui/table";

type Key = {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  models: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { email: string; active: boolean } | null;
};

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

export function ApiKeysTable({ keys }: { keys: Key[] }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  if (keys.length === 0) {
    return <p className="p-5 text-sm text-slate-600">No API keys yet. Create one below for each client that calls Vigil.</p>;
  }

  function revoke(key: Key) {
    startTransition(async () => {
      const result = await revokeApiKeyAction({ keyId: key.id });
      setConfirming(null);
      setMessage(result.ok ? { tone: "success", text: `Revoked ${key.name}: it is refused from now on.` } : { tone: "error", text: result.message });
    });
  }

  return (
    <div>
      {message ? <div className="p-4 pb-0"><Alert tone={message.tone}>{message.text}</Alert></div> : null}
      <div className="overflow-x-auto">
        <Table caption="API keys">
          <TableHead columns={["Key", "Permissions", "Models", "Last used", { label: "Actions", hidden: true }]} />
          <TableBody>
            {keys.map((key) => (
              <tr key={key.id} data-testid={`api-key-${key.name}`} className={key.revokedAt || key.createdBy?.active === false ? "bg-slate-50 text-slate-500" : undefined}>
                <td className="px-4 py-3">
                  <div className="font-medium text-slate-900">{key.name}</div>
                  <div className="font-mono text-xs text-slate-500">{key.prefix}…</div>
                  <div className="text-xs text-slate-500">
                    created {when(key.createdAt)} {key.createdBy ? `by ${key.createdBy.email}` : "from the command line"}
                  </div>
                </td>
                <td className="px-4 py-3">
                  <div className="flex flex-wrap gap-1">
                    {key.permissions.map((p) => <Badge key={p} tone="blue">{p}</Badge>)}
                  </div>
                </td>
                <td className="px-4 py-3 text-xs">{key.models === null ? "All models" : key.models.join(", ")}</td>
                <td className="px-4 py-3 text-xs">{key.lastUsedAt ? when(key.lastUsedAt) : "Never"}</td>
                <td className="px-4 py-3 text-right">
                  {key.revokedAt ? (
                    <Badge>Revoked</Badge>
                  ) : (
                    <span className="inline-flex flex-wrap items-center justify-end gap-2">
                      {key.createdBy?.active === false ? (
                        <span title={`Refused while ${key.createdBy.email} is deactivated`}>
                          <Badge tone="amber">Creator deactivated</Badge>
                        </span>
                      ) : null}
                      {confirming === key.id ? (
                        <>
                          <Button variant="danger" disabled={pending} onClick={() => revoke(key)}>Revoke for good</Button>
                          <Button variant="ghost" onClick={() => setConfirming(null)}>Keep</Button>
                        </>
                      ) : (
                        <Button variant="danger" onClick={() => setConfirming(key.id)}>Revoke</Button>
                      )}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
