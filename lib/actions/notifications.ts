"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "./define-action";
import { parseInput } from "@/lib/services/validation";
import { createChannel, deleteChannel, testChannel } from "@/lib/services/notifications";

const ChannelRef = z.object({ id: z.uuid({ message: "There is no such channel." }) });
const PAGE = "/settings/notifications";

export const createChannelAction = defineAction("notifications.manage", async (ctx, input) => {
  const created = await createChannel(ctx, input);
  revalidatePath(PAGE);
  return created;
});

export const testChannelAction = defineAction("notifications.manage", async (ctx, input) => {
  const result = await testChannel(ctx, parseInput(ChannelRef, input).id);
  revalidatePath(PAGE);
  return result;
});

export const deleteChannelAction = defineAction("notifications.manage", async (ctx, input) => {
  await deleteChannel(ctx, parseInput(ChannelRef, input).id);
  revalidatePath(PAGE);
  return { ok: true };
});
