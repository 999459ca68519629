import type { AlertState, MonitorState, Severity } from "@/lib/monitors/constants";
import { Badge } from "@/components/ui/badge";

const STATE: Record<MonitorState, { tone: "green" | "amber" | "red" | "blue"; label: string }> = {
  ok: { tone: "green", label: "OK" },
  pending: { tone: "amber", label: "Pending" },
  firing: { tone: "red", label: "Firing" },
  resolved: { tone: "blue", label: "Resolved" },
};

export function StateBadge({ state }: { state: MonitorState | AlertState }) {
  const s = STATE[state];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const SEVERITY: Record<Severity, "slate" | "amber" | "red"> = { info: "slate", warning: "amber", critical: "red" };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={SEVERITY[severity]}>{severity}</Badge>;
}
