import type { Metadata } from "next";
import { requirePageUser } from "@/lib/session/session";
import { openApiDocument } from "@/lib/api/openapi";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { SchemaFields } from "@/components/api-docs/schema-fields";
import { InlineCode } from "@/components/api-docs/inline-code";

export const metadata: Metadata = { title: "HTTP API" };

const METHOD_TONE = { get: "green", post: "blue", put: "amber", delete: "red" } as const;

export default async function ApiDocsPage() {
  await requirePageUser("models.view");
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  return (
    <>
      <PageHeader
        title="HTTP API"
        description={
          <>
            <InlineCode text={doc.info.description} /> The machine-readable document is at{" "}
            <a className="font-mono text-brand-700 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
          </>
        }
      />
      <nav aria-label="Endpoints" className="mb-6 flex flex-wrap gap-2 text-sm">
        {operations.map(({ path, method }) => (
          <a key={`${method} ${path}`} href={`#${method}-${path}`} className="rounded-md bg-white px-2 py-1 font-mono ring-1 ring-slate-200 hover:bg-slate-50">
            {method.toUpperCase()} {path}
          </a>
        ))}
      </nav>
      <div className="space-y-6">
        {operations.map(({ path, method, op }) => {
          const body = op.requestBody?.content["application/json"];
          return (
            <Card key={`${method} ${path}`} className="p-5">
              <section id={`${method}-${path}`} aria-label={`${method.toUpperCase()} ${path}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "slate"}>{method.toUpperCase()}</Badge>
                  <code className="font-mono text-sm font-semibold">{path}</code>
                  <span className="text-sm text-slate-600">— {op.summary}</span>
                </div>
                {op.description ? <p className="mt-2 text-sm text-slate-700"><InlineCode text={op.description} /></p> : null}
                {op.parameters?.length ? (
                  <div className="mt-4">
                    <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Parameters</h3>
                    <ul className="mt-1 space-y-1 text-xs">
                      {op.parameters.map((p) => (
                        <li key={`${p.in}-${p.name}`}>
                          <span className="font-mono">{p.name}</span> <span className="text-slate-500">({p.in}{p.required ? ", required" : ""})</span> — <InlineCode text={p.description} />
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {body ? (
                  <div className="mt-4">
                    <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Request body</h3>
                    <SchemaFields schema={body.schema} />
                    {body.example ? (
                      <pre tabIndex={0} aria-label={`Example: ${method.toUpperCase()} ${path} with curl`} className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
                        {`curl -X ${method.toUpperCase()} $VIGIL_URL${path} \\\n  -H "Authorization: Bearer $VIGIL_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '${JSON.stringify(body.example)}'`}
                      </pre>
                    ) : null}
                  </div>
                ) : null}
                <div className="mt-4">
                  <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Responses</h3>
                  <ul className="mt-1 space-y-1 text-sm">
                    {Object.entries(op.responses).map(([status, response]) => (
                      <li key={status}>
                        <span className={`font-mono font-semibold ${status.startsWith("2") ? "text-emerald-700" : "text-red-700"}`}>{status}</span>{" "}
                        <span className="text-slate-700">{response.description}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              </section>
            </Card>
          );
        })}
      </div>
    </>
  );
}
