import "server-only";
// What code outside lib/services/models/ may import from it (test/layout.test.ts holds callers to this file).

export { createModel } from "./create-model";
export { findModelBySlug } from "./find-model";
export { getModel } from "./get-model";
export { getModelSettings } from "./get-model-settings";
export { listModels } from "./list-models";
export { listModelsForApi, listVisibleModels, toApiModel } from "./list-models-for-api";
export { patchModel } from "./patch-model";
export { getSegmentSettings } from "./segment-rebuild";
export { setSegmentFeatures } from "./set-segment-features";
export { updateModelSettings } from "./update-model-settings";
