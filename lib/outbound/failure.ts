import { OutboundRefused } from "./resolve";

/**
 * The detail of a failed call, for the delivery log that only admins read. Never the URL: a Slack
 * token lives in its path, and some receivers put theirs in the query.
 */
export function describeOutboundFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof OutboundRefused) return `refused: ${error.message}`;
  if (!(error instanceof Error)) return "could not connect: unknown error";
  if (error.name === "TimeoutError" || error.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return `could not connect: ${typeof code === "string" ? code : error.name}`;
}
