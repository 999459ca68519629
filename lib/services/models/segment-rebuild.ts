import "server-only";
import type { SegmentFeature } from "@/lib/metrics/segment-types";
import { assertAllowed, type ServiceContext } from "../context";
import { loadDistributions, referenceWindow, rollupState, segmentRebuild } from "../metrics";
import { findModelBySlug } from "./find-model";

export type SegmentRebuild = { done: number; total: number };
export type SegmentCandidate = { name: string; type: SegmentFeature["type"] };

/**
 * What the settings page offers as segment features: every feature of the reference window's
 * predictions with its type (as it would be cut), and those already declared; with the rebuild.
 */
export async function getSegmentSettings(
  ctx: ServiceContext,
  slug: string,
): Promise<{ declared: string[]; candidates: SegmentCandidate[]; reference: { from: string; to: string } | null; rebuilding: SegmentRebuild | null }> {
  const rule = { user: "models.manage", key: "admin" } as const;
  assertAllowed(ctx.actor, rule);
  const model = await findModelBySlug(ctx.db, slug);
  assertAllowed(ctx.actor, rule, model);
  const window = referenceWindow(model, (await rollupState(ctx.db, model.id)).firstBucket);
  const [reference] = window ? await loadDistributions(ctx.db, model.id, [window]) : [];
  const seen = Object.entries(reference?.d.features ?? {}).map(([name, d]): SegmentCandidate => ({ name, type: d.type === "categorical" ? "categorical" : "numeric" }));
  const kept = model.segmentFeatures.filter((f) => !seen.some((c) => c.name === f.name)).map((f) => ({ name: f.name, type: f.type }));
  return {
    declared: model.segmentFeatures.map((f) => f.name),
    candidates: [...seen, ...kept].sort((a, b) => a.name.localeCompare(b.name)),
    reference: window ? { from: window.from.toISOString(), to: window.to.toISOString() } : null,
    rebuilding: await segmentRebuild(ctx.db, model),
  };
}
