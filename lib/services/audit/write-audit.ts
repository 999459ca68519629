import "server-only";
import { auditLog } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import type { Actor } from "../context";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId?: string | null;
  modelId?: string | null;
  details?: Record<string, unknown>;
};

/** Call inside the transaction of the change being recorded, so the two land or fail together. */
export async function writeAudit(tx: DbOrTx, actor: Actor, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.type === "system" ? null : actor.id,
    actorLabel: actor.type === "user" ? actor.email : actor.type === "api_key" ? `API key ${actor.name}` : actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    modelId: entry.modelId ?? null,
    details: entry.details ?? {},
  });
}
