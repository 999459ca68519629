// Client-safe constants about models.
export const MODEL_TASKS = ["binary", "multiclass", "regression"] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const MODEL_TASK_LABELS: Record<ModelTask, string> = {
  binary: "Binary classifier",
  multiclass: "Multiclass classifier",
  regression: "Regression",
};
