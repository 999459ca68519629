import type { Database } from "@/lib/db/connect";
import { systemContext } from "@/lib/services/context";
import { createApiKey } from "@/lib/services/api-keys";
import { createModel } from "@/lib/services/models";
import type { ApiPermission } from "@/lib/api-keys/constants";

export type Handler = (request: Request) => Promise<Response>;

/** Calls a route handler the way Next.js does: a real Request in, a real Response out. */
export async function call(handler: Handler, options: { key?: string | null; body?: unknown; rawBody?: string; contentType?: string; method?: string } = {}) {
  const headers: Record<string, string> = { "content-type": options.contentType ?? "application/json" };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const method = options.method ?? "POST";
  const response = await handler(new Request("http://vigil.test/api/v1/x", { method, headers, body: method === "GET" ? undefined : body }));
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null, headers: response.headers };
}

export async function createKey(db: Database, permissions: ApiPermission[], models: string[] | null = null) {
  return (await createApiKey(systemContext(db, "test"), { name: `key-${Math.random().toString(36).slice(2, 7)}`, permissions, models })).secret;
}

export async function createBinaryModel(db: Database, slug: string) {
  return createModel(systemContext(db, "test"), { slug, name: slug, task: "binary", classes: ["ham", "spam"], positiveClass: "spam" });
}

export async function createRegressionModel(db: Database, slug: string) {
  return createModel(systemContext(db, "test"), { slug, name: slug, task: "regression" });
}
