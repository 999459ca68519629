import "server-only";
import { requireUser } from "@/lib/session/session";
import type { Permission } from "@/lib/auth/roles";
import type { ServiceContext, UserActor } from "@/lib/services/context";
import { toFailure, type Result } from "@/lib/services/errors";
import { invalidText } from "@/lib/services/validation";
import { findUnstorableText } from "@/lib/validation/storable-text";

/**
 * Wraps a server action: resolve the session, check the permission inside the action itself,
 * call the service, and answer with one result shape. Input is parsed by the service; text
 * PostgreSQL cannot store (NUL, unpaired surrogates) is refused here first, as a field error,
 * whatever the action does with its input.
 */
export function defineAction<T>(
  permission: Permission,
  run: (ctx: ServiceContext & { actor: UserActor }, input: unknown) => Promise<T>,
): (input: unknown) => Promise<Result<T>> {
  return async (input: unknown) => {
    try {
      const ctx = await requireUser(permission);
      const unstorable = findUnstorableText(input);
      if (unstorable) throw invalidText(unstorable);
      return { ok: true, data: await run(ctx, input) };
    } catch (error) {
      return toFailure(error);
    }
  };
}
