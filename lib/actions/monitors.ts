"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "./define-action";
import { parseInput } from "@/lib/services/validation";
import { createMonitor, updateMonitor, deleteMonitor, evaluateMonitor, previewMonitor } from "@/lib/services/monitors";
import { acknowledgeAlert, silenceAlert } from "@/lib/services/alerts";

const WithId = z.object({ id: z.uuid({ message: "There is no such monitor." }), definition: z.unknown() });
const IdOnly = z.object({ id: z.uuid({ message: "There is no such monitor." }) });

function refresh(id?: string) {
  revalidatePath("/monitors");
  revalidatePath("/alerts");
  if (id) revalidatePath(`/monitors/${id}`);
}

export const createMonitorAction = defineAction("monitors.manage", async (ctx, input) => {
  const monitor = await createMonitor(ctx, input);
  refresh();
  return { id: monitor.id };
});

export const updateMonitorAction = defineAction("monitors.manage", async (ctx, input) => {
  const { id, definition } = parseInput(WithId, input);
  const monitor = await updateMonitor(ctx, id, definition);
  refresh(id);
  return { id: monitor.id };
});

export const deleteMonitorAction = defineAction("monitors.manage", async (ctx, input) => {
  const { id } = parseInput(IdOnly, input);
  await deleteMonitor(ctx, id);
  refresh();
  return { id };
});

export const evaluateMonitorAction = defineAction("monitors.manage", async (ctx, input) => {
  const { id } = parseInput(IdOnly, input);
  const result = await evaluateMonitor(ctx, id);
  refresh(id);
  return result;
});

/** Viewers may look at a preview too; only saving needs monitors.manage. */
export const previewMonitorAction = defineAction("models.view", async (ctx, input) => previewMonitor(ctx, input));

export const acknowledgeAlertAction = defineAction("monitors.manage", async (ctx, input) => {
  const result = await acknowledgeAlert(ctx, input);
  refresh();
  return result;
});

export const silenceAlertAction = defineAction("monitors.manage", async (ctx, input) => {
  const result = await silenceAlert(ctx, input);
  refresh();
  return result;
});
