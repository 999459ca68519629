import type { DbOrTx, Database } from "@/lib/db/connect";
import { roleCan, type Permission, type Role } from "@/lib/auth/roles";
import { ServiceError } from "./errors";

export type UserActor = { type: "user"; id: string; email: string; name: string; role: Role };
export type SystemActor = { type: "system"; label: string };
export type Actor = UserActor | SystemActor;

/** What every service receives: where to read and write, and on whose behalf. */
export type ServiceContext = { db: Database; actor: Actor };
export type TxContext = { db: DbOrTx; actor: Actor };

/** Services check permission themselves, whatever called them. System actors may do anything. */
export function assertPermission(actor: Actor, permission: Permission): void {
  if (actor.type === "system") return;
  if (!roleCan(actor.role, permission)) {
    throw new ServiceError("forbidden", "Your role does not allow this.");
  }
}

export function systemContext(db: Database, label = "system"): ServiceContext {
  return { db, actor: { type: "system", label } };
}
