import "server-only";
import type { Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { ApiModelSettings } from "@/lib/models/api-schemas";
import { loadPolicy } from "../labelling";
import { getPipeline } from "../registry";
import { toApiModel } from "./list-models-for-api";
import { segmentRebuild } from "../metrics";

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A model with every setting, as set-up scripts read and write it: the reference window in whole
 * UTC days with its last day included (the settings page's form), never a secret.
 */
export async function modelSettingsView(db: DbOrTx, model: Model): Promise<ApiModelSettings> {
  const [sampling, pipeline, segmentsRebuilding] = await Promise.all([loadPolicy(db, model.id), getPipeline(db, model.id), segmentRebuild(db, model)]);
  return {
    ...toApiModel(model),
    referenceWindow: model.referenceFrom && model.referenceTo ? { from: day(model.referenceFrom), to: day(new Date(model.referenceTo.getTime() - DAY_MS)) } : null,
    labelMaturityDays: model.labelMaturityDays,
    driftMinN: model.driftMinN,
    sampling,
    pipeline: {
      trainer: pipeline.trainer,
      deployTarget: pipeline.deployTarget,
      schedule: pipeline.schedule,
      dataWindowDays: pipeline.dataWindowDays,
      deployPolicy: pipeline.deployPolicy,
      approvalsRequired: pipeline.approvalsRequired,
      autoMargin: pipeline.autoMargin,
      autoMinN: pipeline.autoMinN,
      rollbackMonitorId: pipeline.rollbackMonitorId,
      rollbackWindowMinutes: pipeline.rollbackWindowMinutes,
    },
    segmentFeatures: model.segmentFeatures,
    segmentsRebuilding,
  };
}
