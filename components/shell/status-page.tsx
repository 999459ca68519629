import Link from "next/link";

/** The page a person meets instead of what they asked for (404, 403): what happened, and a way back. */
export function StatusPage({ status, title, children }: { status: 403 | 404; title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-sm text-center">
        <p className="text-sm font-medium text-slate-600">{status}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <div className="mt-2 text-sm text-slate-600">{children}</div>
        <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Back to the models
        </Link>
      </div>
    </main>
  );
}
