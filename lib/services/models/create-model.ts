import "server-only";
import { models, type Model } from "@/lib/db/schema";
import { CreateModelInput } from "@/lib/models/schemas";
import { assertAllowed, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { isUniqueViolation } from "../postgres-errors";

export async function createModel(ctx: ServiceContext, rawInput: unknown): Promise<Model> {
  assertAllowed(ctx.actor, { user: "models.manage", key: "admin" });
  const input = parseInput(CreateModelInput, rawInput);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values({ ...input, ownerId: ctx.actor.type === "user" ? ctx.actor.id : null })
        .returning();
      await writeAudit(tx, ctx.actor, {
        action: "model.created",
        targetType: "model",
        targetId: model!.id,
        modelId: model!.id,
        details: { slug: model!.slug, task: model!.task, classes: model!.classes },
      });
      return model!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ServiceError("conflict", `A model with the slug ${input.slug} already exists.`, { slug: ["Already in use"] });
    }
    throw error;
  }
}
