import { requirePageOfPath } from "@/lib/session/session";
import { navFor } from "@/lib/auth/roles";
import { AppHeader } from "@/components/shell/app-header";
import { Providers } from "@/components/providers";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { actor } = await requirePageOfPath();
  return (
    <div className="min-h-screen">
      <AppHeader
        nav={navFor(actor.role).map(({ href, label }) => ({ href, label }))}
        user={{ name: actor.name, email: actor.email, role: actor.role }}
      />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        <Providers>{children}</Providers>
      </main>
    </div>
  );
}
