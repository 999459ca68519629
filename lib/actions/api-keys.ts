"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { createApiKey, revokeApiKey } from "@/lib/services/api-keys";

export const createApiKeyAction = defineAction("users.manage", async (ctx, input) => {
  const key = await createApiKey(ctx, input);
  revalidatePath("/settings/api-keys");
  return key;
});

export const revokeApiKeyAction = defineAction("users.manage", async (ctx, input) => {
  await revokeApiKey(ctx, input);
  revalidatePath("/settings/api-keys");
  return null;
});
