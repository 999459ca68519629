import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getOwnAccount } from "@/lib/services/users";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { SessionsList } from "@/components/account/sessions-list";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const ctx = await requirePageUser("account.manage");
  const account = await getOwnAccount(ctx);

  return (
    <>
      <PageHeader title="Your account" description={`${ctx.actor.name} · ${ctx.actor.email} · ${ROLE_LABELS[ctx.actor.role]}`} />
      <div className="space-y-6">
        <Card className="p-5">
          <h2 className="text-base font-semibold">Password</h2>
          {account.hasPassword ? (
            <>
              <p className="mt-1 text-sm text-slate-600">Changing it signs you out everywhere else; this browser stays signed in.</p>
              <ChangePasswordForm />
            </>
          ) : (
            <p className="mt-1 text-sm text-slate-600">You sign in through single sign-on, so there is no Vigil password to change.</p>
          )}
        </Card>
        <Card>
          <div className="p-5 pb-0">
            <h2 className="text-base font-semibold">Where you are signed in</h2>
            <p className="mt-1 text-sm text-slate-600">Each sign-in lasts 12 hours unless you sign out. Signing out ends it on the server at once.</p>
          </div>
          <SessionsList
            sessions={account.sessions.map((s) => ({
              id: s.id,
              current: s.current,
              address: s.address,
              userAgent: s.userAgent,
              createdAt: s.createdAt.toISOString(),
              expiresAt: s.expiresAt.toISOString(),
            }))}
          />
        </Card>
      </div>
    </>
  );
}
