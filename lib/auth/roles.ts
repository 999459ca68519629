// Client-safe constants: roles, what each may do, and the navigation that follows from it.

export const ROLES = ["admin", "approver", "annotator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  approver: "Approver",
  annotator: "Annotator",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, including users, API keys and settings",
  approver: "Sets thresholds and policies; approves retrains, deploys and rollbacks",
  annotator: "Labels sampled predictions in the labelling queue",
  viewer: "Reads dashboards and alerts",
};

const PERMISSIONS = {
  // Everyone signed in: their own password and sessions (the account page).
  "account.manage": ["admin", "approver", "annotator", "viewer"],
  "models.view": ["admin", "approver", "annotator", "viewer"],
  "models.manage": ["admin"],
  "users.manage": ["admin"],
  "labels.write": ["admin", "annotator"],
  // Sampling policies, agreement and the review of disagreeing labels (the issue: approvers set policies).
  "labelling.manage": ["admin", "approver"],
  "actions.decide": ["admin", "approver"],
  // Monitors: approvers and admins set thresholds and policies, acknowledge and silence alerts.
  "monitors.manage": ["admin", "approver"],
  "notifications.manage": ["admin"],
  // Where Vigil sends runs and deploys (trainer and deploy URLs) and the secrets that go with them.
  "integrations.manage": ["admin"],
  // Start and cancel retrains, set a model's retrain schedule and deploy policy, request deploys.
  "runs.start": ["admin", "approver"],
  "audit.view": ["admin", "approver"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export type NavItem = { href: string; label: string; permission: Permission };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Models", permission: "models.view" },
  { href: "/labelling", label: "Labelling", permission: "labels.write" },
  { href: "/actions", label: "Actions", permission: "actions.decide" },
  { href: "/audit", label: "Audit log", permission: "audit.view" },
  { href: "/settings/users", label: "Settings", permission: "users.manage" },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => roleCan(role, item.permission));
}
