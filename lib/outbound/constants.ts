// Client-safe constants of outbound calls that are not notifications: pipeline and deploy calls.

export const OUTBOUND_CALL_PURPOSES = ["retrain", "deploy"] as const;
export type OutboundCallPurpose = (typeof OUTBOUND_CALL_PURPOSES)[number];
export const OUTBOUND_CALL_PURPOSE_LABELS: Record<OutboundCallPurpose, string> = {
  retrain: "Start a retrain",
  deploy: "Deploy",
};
