import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { NotificationChannel } from "@/lib/db/schema";
import { DELIVERY_TIMEOUT_MS } from "./constants";
import { emailMessage, slackBody, type AlertPayload, type TestPayload } from "./payloads";
import { signatureHeaders } from "./sign";

/** One attempt's outcome: the HTTP status (or 250 for an accepted e-mail), or why there is none. */
export type SendOutcome = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

/** Sends one payload to one channel, once. Retrying is the job queue's business. */
export async function sendToChannel(channel: NotificationChannel, payload: AlertPayload | TestPayload): Promise<SendOutcome> {
  const started = performance.now();
  const done = (ok: boolean, statusCode: number | null, error: string | null): SendOutcome => ({ ok, statusCode, error, durationMs: Math.round(performance.now() - started) });
  try {
    if (channel.type === "email") {
      const config = env();
      if (!config.SMTP_URL) return done(false, null, "SMTP_URL is not set on the server, so e-mail cannot be sent");
      const transport = nodemailer.createTransport(config.SMTP_URL, { connectionTimeout: DELIVERY_TIMEOUT_MS, greetingTimeout: DELIVERY_TIMEOUT_MS, socketTimeout: DELIVERY_TIMEOUT_MS });
      const { subject, text } = emailMessage(payload);
      const info = await transport.sendMail({ from: config.SMTP_FROM, to: channel.recipients ?? "", subject, text });
      const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250);
      return done(info.rejected.length === 0, code, info.rejected.length ? `refused: ${info.rejected.join(", ")}` : null);
    }
    const body = JSON.stringify(channel.type === "slack" ? slackBody(payload) : payload);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Vigil-Notifications/1" };
    if (channel.type === "webhook" && channel.secret) Object.assign(headers, signatureHeaders(channel.secret, body));
    const response = await fetch(channel.url!, { method: "POST", headers, body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS), redirect: "manual" });
    await response.body?.cancel().catch(() => {});
    return done(response.ok, response.status, response.ok ? null : `answered ${response.status} ${response.statusText}`.trim());
  } catch (error) {
    // Only the kind of failure: a message may quote the URL, and Slack's token lives in its path.
    const name = error instanceof Error ? (error.name === "TimeoutError" ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : (error as { cause?: { code?: string } }).cause?.code ?? error.name) : "unknown error";
    return done(false, null, `could not connect: ${name}`);
  }
}
