"use client";

import { useState, useTransition } from "react";
import { changeUserRoleAction, resetUserPasswordAction, setUserActiveAction } from "@/lib/actions/users";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Table, TableBody, TableHead } from "@/components/ui/table";

type Row = { id: string; email: string; name: string; role: Role; active: boolean; lastSignInAt: string | null };

export function UsersTable({ users, currentUserId }: { users: Row[]; currentUserId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [confirmingReset, setConfirmingReset] = useState<string | null>(null);
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);

  function run(action: () => Promise<{ ok: true } | { ok: false; message: string }>, success: string) {
    startTransition(async () => {
      const result = await action();
      setReset(null);
      setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.message });
    });
  }

  function resetPassword(user: Row) {
    startTransition(async () => {
      const result = await resetUserPasswordAction({ userId: user.id });
      setConfirmingReset(null);
      if (result.ok) {
        setMessage(null);
        setReset({ email: result.data.email, password: result.data.generatedPassword });
      } else {
        setReset(null);
        setMessage({ tone: "error", text: result.message });
      }
    });
  }

  return (
    <div>
      {message ? <div className="p-4 pb-0"><Alert tone={message.tone}>{message.text}</Alert></div> : null}
      {reset ? (
        <div className="p-4 pb-0">
          <Alert tone="success">
            New password for {reset.email}, shown only now:{" "}
            <code className="rounded bg-white px-1 font-mono" data-testid="reset-password">{reset.password}</code>. Their sessions have ended; pass it on
            and ask them to change it on their account page.
          </Alert>
        </div>
      ) : null}
      <div className="overflow-x-auto">
        <Table caption="Users">
          <TableHead columns={["User", "Role", "Last sign-in", "Status", { label: "Actions", hidden: true }]} />
          <TableBody>
            {users.map((user) => (
              <tr key={user.id} data-testid={`user-row-${user.email}`} className={user.active ? undefined : "bg-slate-50 text-slate-500"}>
                <td className="px-4 py-3">
                  <div className="font-medium text-slate-900">{user.name}{user.id === currentUserId ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}</div>
                  <div className="text-xs text-slate-500">{user.email}</div>
                </td>
                <td className="px-4 py-3">
                  <select
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={pending}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      run(() => changeUserRoleAction({ userId: user.id, role }), `${user.email} is now ${ROLE_LABELS[role]}.`);
                    }}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>{ROLE_LABELS[role]}</option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-3 text-xs">
                  {user.lastSignInAt ? <time dateTime={user.lastSignInAt}>{user.lastSignInAt.replace("T", " ").slice(0, 16)} UTC</time> : "Never"}
                </td>
                <td className="px-4 py-3">{user.active ? <Badge tone="green">Active</Badge> : <Badge>Deactivated</Badge>}</td>
                <td className="px-4 py-3 text-right">
                  {user.id === currentUserId ? null : confirmingReset === user.id ? (
                    <span className="inline-flex gap-2 whitespace-nowrap">
                      <Button variant="danger" disabled={pending} onClick={() => resetPassword(user)}>Reset and sign them out</Button>
                      <Button variant="ghost" onClick={() => setConfirmingReset(null)}>Keep</Button>
                    </span>
                  ) : (
                    <span className="inline-flex gap-2 whitespace-nowrap">
                      <Button variant="secondary" disabled={pending} onClick={() => setConfirmingReset(user.id)} aria-label={`Reset the password of ${user.email}`}>
                        Reset password
                      </Button>
                      <Button
                        variant={user.active ? "danger" : "secondary"}
                        disabled={pending}
                        onClick={() =>
                          run(
                            () => setUserActiveAction({ userId: user.id, active: !user.active }),
                            `${user.email} ${user.active ? "can no longer sign in" : "can sign in again"}.`,
                          )
                        }
                      >
                        {user.active ? "Deactivate" : "Reactivate"}
                      </Button>
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
