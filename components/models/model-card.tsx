import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Sparkline } from "@/components/charts/sparkline";
import { Badge } from "@/components/ui/badge";
import { MODEL_TASK_LABELS, type ModelTask } from "@/lib/models/constants";

type ModelSummary = {
  slug: string;
  name: string;
  task: ModelTask;
  classes: string[];
  positiveClass: string | null;
  description: string;
  createdAt: Date;
  predictionCount: number;
  lastPredictionAt: Date | null;
};

type Health = { health: "healthy" | "watch" | "alert" | "no-data"; reasons: string[]; sparkline: { label: string; points: (number | null)[] } };

const HEALTH = {
  healthy: { tone: "green", text: "Healthy", color: "#059669" },
  watch: { tone: "amber", text: "Watch", color: "#d97706" },
  alert: { tone: "red", text: "Decaying", color: "#dc2626" },
  "no-data": { tone: "slate", text: "No recent data", color: "#94a3b8" },
} as const;

const formatCount = new Intl.NumberFormat("en");

function timeAgo(date: Date, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function ModelCard({ model, health }: { model: ModelSummary; health: Health }) {
  const h = HEALTH[health.health];
  return (
    <Card className="h-full p-5">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold text-slate-900">
            <Link href={`/models/${model.slug}`} className="hover:text-brand-700 hover:underline">{model.name}</Link>
          </h2>
          <p className="font-mono text-xs text-slate-500">{model.slug}</p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <span title={health.reasons.join(". ")} data-testid="health">
            <Badge tone={h.tone}>{h.text}</Badge>
          </span>
          <Badge tone={model.task === "regression" ? "violet" : "blue"}>{MODEL_TASK_LABELS[model.task]}</Badge>
        </div>
      </div>
      <div className="mt-3">
        <Sparkline points={health.sparkline.points} color={h.color} label={health.sparkline.label} />
        <p className="text-xs text-slate-500">
          {health.sparkline.label}, last 7 days · {health.reasons.join(". ")}
        </p>
      </div>
      {model.description ? <p className="mt-3 text-sm text-slate-600">{model.description}</p> : null}
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-slate-600">
        <dt className="text-slate-500">Predictions</dt>
        <dd className="font-medium text-slate-900" data-testid="prediction-count">{formatCount.format(model.predictionCount)}</dd>
        <dt className="text-slate-500">Last prediction</dt>
        <dd>
          {model.lastPredictionAt ? (
            <time dateTime={model.lastPredictionAt.toISOString()} title={model.lastPredictionAt.toISOString()}>
              {timeAgo(model.lastPredictionAt)}
            </time>
          ) : (
            "none yet"
          )}
        </dd>
        {model.task !== "regression" ? (
          <>
            <dt className="text-slate-500">Classes</dt>
            <dd>
              {model.classes.map((c) => (
                <span key={c} className={c === model.positiveClass ? "font-semibold text-slate-900" : undefined}>
                  {c}
                  {c === model.positiveClass ? " (positive)" : ""}
                  {c !== model.classes.at(-1) ? ", " : ""}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-500">Registered</dt>
        <dd>
          <time dateTime={model.createdAt.toISOString()}>{model.createdAt.toISOString().slice(0, 10)}</time>
        </dd>
      </dl>
    </Card>
  );
}
