import "server-only";
import { ModelPatch } from "@/lib/models/api-schemas";
import type { ApiModelSettings } from "@/lib/models/api-schemas";
import { assertAllowed, type ServiceContext, type TxContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { setSamplingPolicy, loadPolicy } from "../labelling";
import { updatePipelinePolicy, getPipeline } from "../registry";
import { findModelBySlug } from "./find-model";
import { updateModelSettings } from "./update-model-settings";
import { modelSettingsView } from "./model-settings-view";
import { declareSegmentFeatures } from "./set-segment-features";
import { rollupsChanged } from "../metrics";

const DAY_MS = 86_400_000;
const day = (d: Date | null, endExclusive = false) => (d ? new Date(d.getTime() - (endExclusive ? DAY_MS : 0)).toISOString().slice(0, 10) : "");

/**
 * `PATCH /api/v1/models/{model}`: each section the body names is merged over the stored settings
 * and handed to the service its settings page calls, so the checks, the roles and the audit rows
 * are the pages' own. All sections change in one transaction: one refusal and nothing changes.
 */
export async function patchModel(ctx: ServiceContext, slug: string, rawInput: unknown): Promise<ApiModelSettings> {
  assertAllowed(ctx.actor, { user: "models.manage", key: "admin" });
  const patch = parseInput(ModelPatch, rawInput);
  const answer = await ctx.db.transaction(async (tx) => {
    const inner: TxContext = { db: tx, actor: ctx.actor };
    const model = await findModelBySlug(tx, slug);
    assertAllowed(ctx.actor, { user: "models.manage", key: "admin" }, model);
    const { sampling, pipeline, referenceWindow, segmentFeatures, ...settings } = patch;

    if (Object.keys(settings).length > 0 || referenceWindow !== undefined) {
      const window = referenceWindow === undefined ? { from: day(model.referenceFrom), to: day(model.referenceTo, true) } : (referenceWindow ?? { from: "", to: "" });
      await inSection("", () =>
        updateModelSettings(inner, {
          slug,
          name: settings.name,
          description: settings.description,
          referenceFrom: window.from,
          referenceTo: window.to,
          labelMaturityDays: settings.labelMaturityDays ?? model.labelMaturityDays,
          driftMinN: settings.driftMinN ?? model.driftMinN,
        }),
      );
    }
    if (sampling) {
      const { isDefault: _isDefault, ...current } = await loadPolicy(tx, model.id);
      // A new stratification starts from no per-stratum rates rather than the old one's.
      const stratumRates = sampling.stratumRates ?? (sampling.stratifyBy && sampling.stratifyBy !== current.stratifyBy ? {} : current.stratumRates);
      await inSection("sampling", () => setSamplingPolicy(inner, { ...current, ...sampling, stratumRates, slug }));
    }
    if (pipeline) {
      const current = await getPipeline(tx, model.id);
      const policy = {
        schedule: current.schedule ?? "",
        dataWindowDays: current.dataWindowDays,
        deployPolicy: current.deployPolicy,
        approvalsRequired: current.approvalsRequired,
        autoMargin: current.autoMargin,
        autoMinN: current.autoMinN,
        rollbackMonitorId: current.rollbackMonitorId ?? "",
        rollbackWindowMinutes: current.rollbackWindowMinutes,
      };
      const given = { ...pipeline, schedule: pipeline.schedule === null ? "" : pipeline.schedule, rollbackMonitorId: pipeline.rollbackMonitorId === null ? "" : pipeline.rollbackMonitorId };
      const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
      await inSection("pipeline", () => updatePipelinePolicy(inner, { ...policy, ...defined, model: slug }));
    }
    const segments = segmentFeatures ? await inSection("", () => declareSegmentFeatures(inner, { slug, segmentFeatures })) : null;
    return { view: await modelSettingsView(tx, await findModelBySlug(tx, slug)), segmentsChanged: segments?.changed ?? false };
  });
  // Declared segments mark the model's hours for a rebuild: nudge the refresher once they are committed.
  if (answer.segmentsChanged) rollupsChanged(ctx.db);
  return answer.view;
}

/** Runs one section's service; its field errors are named within the body (`sampling.rate`). */
async function inSection<T>(section: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== "invalid_input" || !error.fieldErrors) throw error;
    const rename = (field: string) => {
      const api = field === "referenceTo" || field === "referenceFrom" ? `referenceWindow.${field === "referenceTo" ? "to" : "from"}` : field;
      return section ? `${section}.${api}` : api;
    };
    const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([field, messages]) => [rename(field), messages]));
    const [first] = Object.entries(fieldErrors);
    throw new ServiceError("invalid_input", first ? `${first[0]}: ${first[1][0]}` : error.message, fieldErrors);
  }
}
