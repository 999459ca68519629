// Client-safe: what an API key may be allowed to do.
export const API_PERMISSIONS = ["ingest", "read", "label", "register", "admin"] as const;
export type ApiPermission = (typeof API_PERMISSIONS)[number];

export const API_PERMISSION_DESCRIPTIONS: Record<ApiPermission, string> = {
  ingest: "Send predictions and ground truth",
  read: "Read metrics and alerts",
  label: "Claim and label items from outside labelling tools",
  register: "Register versions trained by your own pipelines",
  admin: "Create and configure models, versions and monitors from scripts",
};

export const API_KEY_PREFIX = "vgl_";
