import "server-only";
import { inArray } from "drizzle-orm";
import { notificationChannels, type Model } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { METRIC_LABELS, METRIC_TASKS } from "@/lib/monitors/constants";
import type { MonitorDefinition } from "@/lib/monitors/schemas";
import { ServiceError, type FieldErrors } from "../errors";

/** What the schema cannot know alone: that the metric fits the model's task, the class and the slice's feature exist, the channels exist. */
export async function checkDefinitionAgainstModel(db: DbOrTx, model: Model, definition: MonitorDefinition): Promise<void> {
  const fieldErrors: FieldErrors = {};
  if (!METRIC_TASKS[definition.metric].includes(model.task)) {
    fieldErrors.metric = [`A ${model.task} model has no ${METRIC_LABELS[definition.metric].toLowerCase()}`];
  }
  if (definition.class && !model.classes.includes(definition.class)) {
    fieldErrors.class = [`${definition.class} is not a class of ${model.slug}`];
  }
  if (definition.sliceFeature && !model.segmentFeatures.some((f) => f.name === definition.sliceFeature)) {
    const declared = model.segmentFeatures.map((f) => f.name);
    fieldErrors.sliceFeature = [`${definition.sliceFeature} is not a segment feature of ${model.slug}${declared.length ? ` (it has ${declared.join(", ")})` : ": declare it in the model's settings first"}`];
  }
  if (definition.channels.length) {
    const found = await db.select({ id: notificationChannels.id }).from(notificationChannels).where(inArray(notificationChannels.id, definition.channels));
    const missing = definition.channels.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) fieldErrors.channels = [`No notification channel has the id ${missing[0]}`];
  }
  const first = Object.entries(fieldErrors)[0];
  if (first) throw new ServiceError("invalid_input", `${first[0]}: ${first[1][0]}`, fieldErrors);
}

/** The definition's columns, as stored. */
export function definitionColumns(d: MonitorDefinition) {
  const { model: _model, channels: _channels, ...columns } = d;
  return columns;
}
