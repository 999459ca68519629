import "server-only";
import type { DbOrTx, Database } from "@/lib/db/connect";
import { roleCan, type Permission, type Role } from "@/lib/auth/roles";
import type { ApiPermission } from "@/lib/api-keys/constants";
import { ServiceError } from "./errors";

/** `sessionId`: the signed-in session the request came with (absent for people acting outside a request, in tests and scripts). */
export type UserActor = { type: "user"; id: string; email: string; name: string; role: Role; sessionId?: string };
export type SystemActor = { type: "system"; label: string };
/** A machine client: `modelIds` null means every model. */
export type ApiKeyActor = { type: "api_key"; id: string; name: string; permissions: ApiPermission[]; modelIds: string[] | null };
export type Actor = UserActor | SystemActor | ApiKeyActor;

/** What every service receives: where to read and write, and on whose behalf. */
export type ServiceContext = { db: Database; actor: Actor };
export type TxContext = { db: DbOrTx; actor: Actor };

/** Services check permission themselves, whatever called them. System actors may do anything. */
export function assertPermission(actor: Actor, permission: Permission): void {
  if (actor.type === "system") return;
  if (actor.type === "api_key") {
    throw new ServiceError("forbidden", "API keys cannot do this; sign in as a person.");
  }
  if (!roleCan(actor.role, permission)) {
    throw new ServiceError("forbidden", "Your role does not allow this.");
  }
}

/**
 * For services that people and machine clients share: a user needs the role permission, an API
 * key the key permission (and, when a model is named, that model in its scope).
 */
export function assertAllowed(
  actor: Actor,
  rule: { user: Permission; key: ApiPermission | readonly ApiPermission[] },
  model?: { id: string; slug: string },
): void {
  if (actor.type !== "api_key") return assertPermission(actor, rule.user);
  // Several key permissions: any one of them lets the key in (`register` or the wider `admin`).
  const accepted: readonly ApiPermission[] = typeof rule.key === "string" ? [rule.key] : rule.key;
  if (!accepted.some((p) => actor.permissions.includes(p))) {
    throw new ServiceError("forbidden", `This API key does not have the ${accepted.join(" or ")} permission.`);
  }
  if (model && actor.modelIds !== null && !actor.modelIds.includes(model.id)) {
    throw new ServiceError("forbidden", `This API key may not be used for the model ${model.slug}.`);
  }
}

/**
 * For what serves every model at once (notification channels): an API key limited to some models
 * may not touch it, whatever its permissions.
 */
export function assertEveryModel(actor: Actor, what: string): void {
  if (actor.type === "api_key" && actor.modelIds !== null) {
    throw new ServiceError("forbidden", `${what}; this API key is limited to some models, so it cannot. Use a key for every model.`);
  }
}

export function systemContext(db: Database, label = "system"): ServiceContext {
  return { db, actor: { type: "system", label } };
}
