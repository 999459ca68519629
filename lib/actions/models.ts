"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { createModel } from "@/lib/services/models/create-model";

export const createModelAction = defineAction("models.manage", async (ctx, input) => {
  const model = await createModel(ctx, input);
  revalidatePath("/");
  return { slug: model.slug };
});
