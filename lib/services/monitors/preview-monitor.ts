import "server-only";
import { MonitorDefinition } from "@/lib/monitors/schemas";
import { limitsFor, type Limits } from "@/lib/monitors/state-machine";
import { assertPermission, type ServiceContext } from "../context";
import { parseInput } from "../validation";
import { findModelBySlug } from "../models";
import { checkDefinitionAgainstModel } from "./check-definition";
import type { SequentialDesign } from "@/lib/monitors/sequential";
import { designFromReference } from "./read-sequential";
import { historyTimes, metricHistory, type HistoryPoint } from "./metric-history";

/** A sequential monitor's stated numbers at the model's volume today (what the form says in words). */
export type SequentialPreview = { falseAlarmDays: number; delayHours: number; shift: number; baseline: number; trialsPerHour: number; direction: SequentialDesign["direction"] };
export type MonitorPreview = { points: HistoryPoint[]; limits: Limits | null; minN: number; sequential: SequentialPreview | null };

const blank = (v: unknown) => v === "" || v === null || v === undefined;

/**
 * The form's preview: the metric's recent values, read as the monitor would read them, with the
 * threshold lines. A threshold not entered yet is drawn as no line; the resolve fields are not
 * checked here (saving checks them), so the preview appears while the form is half filled.
 */
export async function previewMonitor(ctx: ServiceContext, raw: unknown): Promise<MonitorPreview> {
  assertPermission(ctx.actor, "models.view");
  const input = { ...(typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {}) };
  const hasThreshold = !blank(input.threshold) && Number.isFinite(Number(input.threshold));
  const sequential = input.kind === "sequential";
  const outside = input.comparison === "outside" && !sequential;
  // A sequential monitor's threshold is a change between 0 and 1: preview with five points until one is typed.
  const low = hasThreshold ? Number(input.threshold) : sequential ? 0.05 : 0;
  const highGiven = !blank(input.thresholdHigh) && Number(input.thresholdHigh) > low;
  const rule = parseInput(MonitorDefinition, {
    ...input,
    name: "preview",
    channels: [],
    threshold: low,
    thresholdHigh: outside ? (highGiven ? Number(input.thresholdHigh) : low + 1) : undefined,
    resolveThreshold: undefined,
    resolveThresholdHigh: undefined,
    // A half-filled band or direction must not hide the values: preview only what is drawable.
    comparison: input.comparison ?? "above",
  });
  const model = await findModelBySlug(ctx.db, rule.model);
  await checkDefinitionAgainstModel(ctx.db, model, rule);
  const { points, reference } = await metricHistory(ctx.db, rule, model, historyTimes(rule, new Date()));
  const number = (v: unknown) => (blank(v) || !Number.isFinite(Number(v)) ? null : Number(v));
  const lines = limitsFor({ ...rule, thresholdHigh: outside && highGiven ? rule.thresholdHigh : null, resolveThreshold: number(input.resolveThreshold), resolveThresholdHigh: outside ? number(input.resolveThresholdHigh) : null }, reference);
  const found = sequential && hasThreshold ? await designFromReference(ctx.db, rule, model, new Date()) : null;
  const statement = found
    ? { falseAlarmDays: found.design.falseAlarmHours / 24, delayHours: found.design.delayHours, shift: found.design.shift, baseline: found.design.baseline, trialsPerHour: found.design.trialsPerHour, direction: found.design.direction }
    : null;
  return { points, limits: hasThreshold && !sequential ? lines : null, minN: rule.minN, sequential: statement };
}
