import "server-only";
import nodemailer from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared/index.js";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "@/lib/env";
import type { NotificationChannel } from "@/lib/db/schema";
import { describeOutboundFailure } from "@/lib/outbound/failure";
import { postOutbound } from "@/lib/outbound/post";
import { resolveAllowed } from "@/lib/outbound/resolve";
import { DELIVERY_TIMEOUT_MS } from "./constants";
import { emailMessage, slackBody, type AlertPayload, type TestPayload } from "./payloads";
import { signatureHeaders } from "./sign";

/**
 * One attempt's outcome: the HTTP status (or 250 for an accepted e-mail), or why there is none (for
 * the delivery log). `retry` is false for a configuration error (no SMTP server, no URL): sending
 * again gives the same answer until someone changes a setting.
 */
export type SendOutcome = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number; retry: boolean };

/** A setting that is missing or wrong: no attempt can succeed until it is fixed. */
class ConfigurationError extends Error {}

/**
 * SMTP_URL's server, through the same outbound policy as webhooks: its host is resolved once and
 * checked, and nodemailer connects to that address (the name stays the TLS server name).
 */
async function smtpTransport(smtpUrl: string) {
  const options = parseConnectionUrl(smtpUrl);
  if (!/^smtps?:$/i.test(new URL(smtpUrl).protocol)) throw new ConfigurationError("refused: SMTP_URL must start with smtp:// or smtps://");
  // A proxy would connect elsewhere than the address checked here.
  if ("proxy" in options) throw new ConfigurationError("refused: SMTP_URL may not name a proxy");
  const hostName = options.host ?? "localhost";
  const [first] = await resolveAllowed(hostName.replace(/^\[|\]$/g, ""));
  const pinned: SMTPTransport.Options = {
    ...options,
    host: first!.address,
    // TLS checks the certificate against the name, as it would have without the pinning.
    tls: { ...options.tls, ...(first!.address === hostName ? {} : { servername: hostName }) },
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
  };
  return nodemailer.createTransport(pinned);
}

/** Sends one payload to one channel (its URL and secret opened), once. Retrying is the job queue's business. */
export async function sendToChannel(channel: NotificationChannel, payload: AlertPayload | TestPayload): Promise<SendOutcome> {
  const started = performance.now();
  const done = (ok: boolean, statusCode: number | null, error: string | null, retry = !ok): SendOutcome => ({ ok, statusCode, error, durationMs: Math.round(performance.now() - started), retry });
  try {
    if (channel.type === "email") {
      const config = env();
      if (!config.SMTP_URL) throw new ConfigurationError("SMTP_URL is not set on the server, so e-mail cannot be sent");
      if (!channel.recipients?.trim()) throw new ConfigurationError("The channel has no recipients");
      const transport = await smtpTransport(config.SMTP_URL);
      const { subject, text } = emailMessage(payload);
      const info = await transport.sendMail({ from: config.SMTP_FROM, to: channel.recipients ?? "", subject, text });
      const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250);
      return done(info.rejected.length === 0, code, info.rejected.length ? `refused: ${info.rejected.join(", ")}` : null);
    }
    const body = JSON.stringify(channel.type === "slack" ? slackBody(payload) : payload);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Vigil-Notifications/1" };
    if (channel.type === "webhook" && channel.secret) Object.assign(headers, signatureHeaders(channel.secret, body));
    if (!channel.url) throw new ConfigurationError("The channel has no URL");
    const response = await postOutbound(channel.url, { headers, body, timeoutMs: DELIVERY_TIMEOUT_MS });
    return done(response.ok, response.status, response.ok ? null : `answered ${response.status} ${response.statusText}`.trim());
  } catch (error) {
    if (error instanceof ConfigurationError) return done(false, null, error.message, false);
    // Only the kind of failure: a message may quote the URL, and Slack's token lives in its path.
    return done(false, null, describeOutboundFailure(error, DELIVERY_TIMEOUT_MS));
  }
}
