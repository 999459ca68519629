import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/session/session";
import { auditActions, auditModels, searchAudit } from "@/lib/services/audit";
import { ServiceError } from "@/lib/services/errors";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";

export const metadata: Metadata = { title: "Audit log" };

type Query = { model?: string; person?: string; action?: string; from?: string; to?: string; page?: string };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Query> }) {
  const ctx = await requirePageUser("audit.view");
  const query = await searchParams;
  const values = { model: query.model || undefined, person: query.person || undefined, action: query.action || undefined, from: query.from || undefined, to: query.to || undefined };
  const [models, actions] = await Promise.all([auditModels(ctx), auditActions(ctx)]);
  const result = await searchAudit(ctx, { ...values, page: query.page || 1 }).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "invalid_input") return { error: error.message } as const;
    throw error;
  });
  const pageLink = (page: number) => `/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)), page: String(page) } as Record<string, string>)}`;
  return (
    <>
      <PageHeader title="Audit log" description="Every human and automatic action, newest first. The database refuses to change or delete these rows." />
      <div className="space-y-4">
        <AuditFilters values={values} models={models} actions={actions} />
        {"error" in result ? (
          <Alert>Those filters cannot be read: {result.error}</Alert>
        ) : result.entries.length === 0 ? (
          <EmptyState title="No entries match">Try fewer filters, or a wider time range.</EmptyState>
        ) : (
          <>
            <AuditTable entries={result.entries} />
            <nav aria-label="Pages" className="flex items-center justify-between text-sm">
              {result.page > 1 ? <Link href={pageLink(result.page - 1)} className="text-brand-700 underline">Newer</Link> : <span />}
              <span className="text-slate-500">Page {result.page}</span>
              {result.hasMore ? <Link href={pageLink(result.page + 1)} className="text-brand-700 underline">Older</Link> : <span />}
            </nav>
          </>
        )}
      </div>
    </>
  );
}
