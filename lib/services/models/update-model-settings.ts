import "server-only";
import { eq, sql } from "drizzle-orm";
import { models, type Model } from "@/lib/db/schema";
import { UpdateModelSettingsInput } from "@/lib/models/schemas";
import { assertAllowed, type TxContext } from "../context";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { findModelBySlug } from "./find-model";

/**
 * Drift is computed on read from the rollups, so a new reference window or drift minimum takes
 * effect on the very next view: nothing needs recomputing here.
 */
export async function updateModelSettings(ctx: TxContext, rawInput: unknown): Promise<Model> {
  const rule = { user: "models.manage", key: "admin" } as const;
  assertAllowed(ctx.actor, rule);
  const input = parseInput(UpdateModelSettingsInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const before = await findModelBySlug(tx, input.slug);
    assertAllowed(ctx.actor, rule, before);
    const name = input.name ?? before.name;
    const description = input.description ?? before.description;
    // Dates are whole UTC days; the window ends at the end of its last day.
    const referenceFrom = input.referenceFrom ? new Date(`${input.referenceFrom}T00:00:00Z`) : null;
    const driftMinN = input.driftMinN ?? before.driftMinN;
    const referenceTo = input.referenceTo ? new Date(new Date(`${input.referenceTo}T00:00:00Z`).getTime() + 86_400_000) : null;
    const [updated] = await tx
      .update(models)
      .set({ name, description, referenceFrom, referenceTo, labelMaturityDays: input.labelMaturityDays, driftMinN, updatedAt: sql`now()` })
      .where(eq(models.id, before.id))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: "model.settings_changed",
      targetType: "model",
      targetId: before.id,
      modelId: before.id,
      details: {
        ...(name !== before.name ? { name: { from: before.name, to: name } } : {}),
        ...(description !== before.description ? { description: { from: before.description, to: description } } : {}),
        from: { referenceFrom: before.referenceFrom?.toISOString() ?? null, referenceTo: before.referenceTo?.toISOString() ?? null, labelMaturityDays: before.labelMaturityDays, driftMinN: before.driftMinN },
        to: { referenceFrom: referenceFrom?.toISOString() ?? null, referenceTo: referenceTo?.toISOString() ?? null, labelMaturityDays: input.labelMaturityDays, driftMinN },
      },
    });
    return updated!;
  });
}
