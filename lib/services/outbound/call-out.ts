import "server-only";
import type { DbOrTx } from "@/lib/db/connect";
import { outboundCalls } from "@/lib/db/schema";
import type { OutboundCallPurpose } from "@/lib/outbound/constants";
import { describeOutboundFailure } from "@/lib/outbound/failure";
import { couldNotDeliver } from "@/lib/outbound/reference";
import { postOutbound, type OutboundResponse } from "@/lib/outbound/post";

export type CallOutInput = {
  purpose: OutboundCallPurpose;
  modelId: string;
  runId?: string;
  deploymentId?: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
};

/** A 2xx answer, or the words people may see about a failure (the detail is in the log entry). */
export type CallOutResult = { ok: true; response: OutboundResponse; logId: string } | { ok: false; logId: string; message: string };

function hostOf(url: string): string {
  try {
    return new URL(url).host || "(no host)";
  } catch {
    return "(not a URL)";
  }
}

/**
 * One POST to a pipeline or a deploy target through the outbound policy, written to the delivery
 * log with its detail (status, refusal or socket error). Every failure, whatever its cause, comes
 * back as the same "could not deliver" with the log entry's reference.
 */
export async function callOut(db: DbOrTx, input: CallOutInput): Promise<CallOutResult> {
  const started = performance.now();
  let response: OutboundResponse | null = null;
  let error: string | null = null;
  try {
    response = await postOutbound(input.url, { headers: input.headers, body: input.body, timeoutMs: input.timeoutMs });
    if (!response.ok) error = `answered ${response.status} ${response.statusText}`.trim();
  } catch (thrown) {
    error = describeOutboundFailure(thrown, input.timeoutMs);
  }
  const [entry] = await db
    .insert(outboundCalls)
    .values({
      purpose: input.purpose,
      modelId: input.modelId,
      runId: input.runId ?? null,
      deploymentId: input.deploymentId ?? null,
      host: hostOf(input.url),
      ok: error === null,
      statusCode: response?.status ?? null,
      error,
      durationMs: Math.round(performance.now() - started),
    })
    .returning({ id: outboundCalls.id });
  const logId = entry!.id;
  return response && error === null ? { ok: true, response, logId } : { ok: false, logId, message: couldNotDeliver(logId) };
}
