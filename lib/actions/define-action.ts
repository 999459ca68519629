import "server-only";
import { requireUser } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/roles";
import type { ServiceContext, UserActor } from "@/lib/services/context";
import { toFailure, type Result } from "@/lib/services/errors";

/**
 * Wraps a server action: resolve the session, check the permission inside the action itself,
 * call the service, and answer with one result shape. Input is parsed by the service.
 */
export function defineAction<T>(
  permission: Permission,
  run: (ctx: ServiceContext & { actor: UserActor }, input: unknown) => Promise<T>,
): (input: unknown) => Promise<Result<T>> {
  return async (input: unknown) => {
    try {
      const ctx = await requireUser(permission);
      return { ok: true, data: await run(ctx, input) };
    } catch (error) {
      return toFailure(error);
    }
  };
}
