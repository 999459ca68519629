import type { MonitorKind } from "./sequential";
import type { AlertState, Comparison, MonitorMetric, Policy, Severity } from "./constants";

// Client-safe shapes the services return and the pages draw.

/** An alert as GET /api/v1/alerts and the Alerts page show it (API.md's fields first). */
export type AlertView = {
  id: string;
  monitorId: string;
  state: AlertState;
  value: number | null;
  firedAt: string;
  /** Sequential monitors: when the evidence says the change began (the start of that hour). */
  changePointAt: string | null;
  resolvedAt: string | null;
  threshold: number | null;
  n: number | null;
  /** A slice monitor's alert: the slice it fired on ("any slice": the significant one that dropped most). */
  slice: { feature: string; value: string } | null;
  resolvedValue: number | null;
  severity: Severity;
  model: string;
  modelName: string;
  monitor: { name: string; kind: MonitorKind; metric: MonitorMetric; comparison: Comparison; window: string; policy: Policy; feature: string | null; class: string | null; sliceFeature: string | null; sliceValue: string | null; silencedUntil: string | null };
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** This alert alone sends no notifications until then (the monitor's silence is under `monitor`). */
  silencedUntil: string | null;
};
