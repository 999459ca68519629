"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { createModel, setSegmentFeatures, updateModelSettings } from "@/lib/services/models";

export const createModelAction = defineAction("models.manage", async (ctx, input) => {
  const model = await createModel(ctx, input);
  revalidatePath("/");
  return { slug: model.slug };
});

export const updateModelSettingsAction = defineAction("models.manage", async (ctx, input) => {
  const model = await updateModelSettings(ctx, input);
  revalidatePath(`/models/${model.slug}`);
  return { slug: model.slug };
});

export const setSegmentFeaturesAction = defineAction("models.manage", async (ctx, input) => {
  const { model, rebuilding } = await setSegmentFeatures(ctx, input);
  revalidatePath(`/models/${model.slug}`);
  return { segmentFeatures: model.segmentFeatures.map((f) => f.name), rebuilding };
});
