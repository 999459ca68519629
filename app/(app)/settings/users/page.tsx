import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { listUsers } from "@/lib/services/users";
import { listAudit } from "@/lib/services/audit";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { AddUserForm } from "@/components/users/add-user-form";
import { UsersTable } from "@/components/users/users-table";
import { AuditList } from "@/components/users/audit-list";

export const metadata: Metadata = { title: "Users" };

export default async function UsersSettingsPage() {
  const ctx = await requirePageUser("users.manage");
  const [users, history] = await Promise.all([listUsers(ctx), listAudit(ctx, { targetType: "user", limit: 20 })]);

  return (
    <>
      <PageHeader title="Users" description="Who may sign in, and what each role may do. Every change is recorded below." />
      <div className="space-y-6">
        <Card>
          <UsersTable
            currentUserId={ctx.actor.id}
            users={users.map((u) => ({
              id: u.id,
              email: u.email,
              name: u.name,
              role: u.role,
              active: u.active,
              lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
            }))}
          />
        </Card>
        <Card className="p-5">
          <h2 className="text-base font-semibold">Add a user</h2>
          <p className="mt-1 text-sm text-slate-600">Leave the password empty to generate one; it is shown once for you to pass on.</p>
          <AddUserForm />
        </Card>
        <Card className="p-5">
          <h2 className="text-base font-semibold">Recent changes</h2>
          <AuditList
            entries={history.map((e) => ({
              id: e.id,
              at: e.at.toISOString(),
              actor: e.actorLabel,
              action: e.action,
              details: e.details,
            }))}
          />
        </Card>
      </div>
    </>
  );
}
