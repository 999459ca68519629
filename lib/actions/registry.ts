"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { startRetrainRun, cancelRun } from "@/lib/services/runs";
import { approveDeployRequest, rejectDeployRequest, rollbackProduction, requestDeploy } from "@/lib/services/deploys";
import { updatePipelinePolicy, updatePipelineConnections } from "@/lib/services/registry";

const revalidateModel = (slug: string) => {
  revalidatePath(`/models/${slug}/versions`);
  revalidatePath(`/models/${slug}/runs`);
  revalidatePath("/actions");
};

export const startRetrainAction = defineAction("runs.start", async (ctx, input) => {
  // A person's click is always a manual run; the trigger is not taken from the browser.
  const model = typeof input === "object" && input !== null && "model" in input ? String(input.model) : "";
  const { run, started } = await startRetrainRun(ctx, { model, trigger: "manual" });
  revalidatePath("/actions");
  return { runId: run.id, started };
});

export const cancelRunAction = defineAction("runs.start", async (ctx, input) => cancelRun(ctx, input));

export const approveDeployAction = defineAction("actions.decide", async (ctx, input) => {
  const result = await approveDeployRequest(ctx, input);
  revalidatePath("/actions");
  return result;
});

export const rejectDeployAction = defineAction("actions.decide", async (ctx, input) => {
  const result = await rejectDeployRequest(ctx, input);
  revalidatePath("/actions");
  return result;
});

export const rollbackAction = defineAction("actions.decide", async (ctx, input) => {
  const result = await rollbackProduction(ctx, input);
  revalidateModel((input as { model: string }).model);
  return result;
});

export const requestDeployAction = defineAction("runs.start", async (ctx, input) => {
  const result = await requestDeploy(ctx, input);
  revalidateModel((input as { model: string }).model);
  return result;
});

export const updatePipelinePolicyAction = defineAction("runs.start", async (ctx, input) => {
  const result = await updatePipelinePolicy(ctx, input);
  revalidateModel(result.slug);
  return { slug: result.slug };
});

export const updatePipelineConnectionsAction = defineAction("integrations.manage", async (ctx, input) => {
  const result = await updatePipelineConnections(ctx, input);
  revalidateModel(result.slug);
  return result;
});
