// Job names shared by the services that queue them and lib/jobs/boss.ts that runs them.
export const MONITOR_JOBS = {
  evaluateMonitors: "evaluate-monitors",
  deliverNotification: "deliver-notification",
  dispatchNotifications: "dispatch-notifications",
  /** Placeholder: issue #7 (retrain and deploy) carries out a monitor's action policy. */
  monitorAction: "monitor-action",
} as const;
