import { METRIC_LABELS, PROPORTION_METRICS, type MonitorMetric, type Severity } from "@/lib/monitors/constants";

/** API.md's webhook body for an alert, plus fields a person reading Slack or e-mail wants. */
export type AlertPayload = {
  type: "alert.firing" | "alert.resolved";
  model: string;
  monitor: { id: string; name: string; metric: MonitorMetric; comparison: string; severity: Severity };
  alert: { id: string; state: "firing" | "resolved"; value: number | null; threshold: number | null; n: number | null; firedAt: string; resolvedAt: string | null; url: string };
};

export type TestPayload = { type: "test"; message: string; sentAt: string };

export function formatMetricValue(metric: MonitorMetric, value: number | null): string {
  if (value === null) return "no data";
  if (PROPORTION_METRICS.includes(metric)) return `${(value * 100).toFixed(1)}%`;
  if (metric === "volume") return Math.round(value).toLocaleString("en");
  return Number(value.toPrecision(3)).toString();
}

/** One line for a person: "[critical] spam share jumped on spam-filter: Positive rate 71.0% above 50.0% (n = 340)". */
export function alertSummary(p: AlertPayload): string {
  const { monitor, alert } = p;
  const value = formatMetricValue(monitor.metric, alert.value);
  const threshold = formatMetricValue(monitor.metric, alert.threshold);
  const n = alert.n === null ? "" : ` (n = ${Math.round(alert.n).toLocaleString("en")})`;
  const verb = p.type === "alert.firing" ? `is ${monitor.comparison === "outside" ? "outside the band from" : monitor.comparison}` : "is back past";
  const head = p.type === "alert.firing" ? `[${monitor.severity}] FIRING` : "RESOLVED";
  return `${head} ${monitor.name} on ${p.model}: ${METRIC_LABELS[monitor.metric]} ${value} ${verb} ${threshold}${n}`;
}

/** A Slack incoming webhook takes {"text": …}; mrkdwn links are <url|label>. */
export function slackBody(payload: AlertPayload | TestPayload): { text: string } {
  if (payload.type === "test") return { text: `:white_check_mark: ${payload.message}` };
  const icon = payload.type === "alert.firing" ? ":rotating_light:" : ":white_check_mark:";
  return { text: `${icon} ${alertSummary(payload)} <${payload.alert.url}|Open in Vigil>` };
}

export function emailMessage(payload: AlertPayload | TestPayload): { subject: string; text: string } {
  if (payload.type === "test") return { subject: "Vigil test notification", text: `${payload.message}\n\nSent ${payload.sentAt}.` };
  const summary = alertSummary(payload);
  return { subject: `Vigil: ${summary}`.slice(0, 200), text: `${summary}\n\nFired at ${payload.alert.firedAt}.\n${payload.alert.resolvedAt ? `Resolved at ${payload.alert.resolvedAt}.\n` : ""}\nOpen the alert: ${payload.alert.url}\n` };
}
