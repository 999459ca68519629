import type { DriftSeverity } from "@/lib/metrics/drift";

/** How a drift verdict is shown: the drift table and the PSI tile say it the same way. */
export const DRIFT_SEVERITY: Record<DriftSeverity, { tone: "red" | "amber" | "green" | "slate"; text: string }> = {
  significant: { tone: "red", text: "significant" },
  moderate: { tone: "amber", text: "moderate" },
  none: { tone: "green", text: "stable" },
  insufficient: { tone: "slate", text: "too few to judge" },
};
