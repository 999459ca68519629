import "server-only";
import { users } from "@/lib/db/schema";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { CreateUserInput } from "@/lib/users/schemas";
import { assertPermission, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { parseInput } from "../validation";
import { writeAudit } from "../audit";
import { isUniqueViolation } from "../postgres-errors";
import { toPublicUser, type PublicUser } from "./public-user";

/**
 * Creates a user. With no password given, one is generated and returned once, for the admin to
 * hand over; only its hash is stored.
 */
export async function createUser(
  ctx: ServiceContext,
  rawInput: unknown,
): Promise<{ user: PublicUser; generatedPassword: string | null }> {
  assertPermission(ctx.actor, "users.manage");
  const input = parseInput(CreateUserInput, rawInput);
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);

  try {
    const user = await ctx.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, role: input.role, passwordHash })
        .returning();
      await writeAudit(tx, ctx.actor, {
        action: "user.created",
        targetType: "user",
        targetId: created!.id,
        details: { email: created!.email, role: created!.role },
      });
      return created!;
    });
    return { user: toPublicUser(user), generatedPassword };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ServiceError("conflict", `A user with the e-mail ${input.email} already exists.`, {
        email: ["Already in use"],
      });
    }
    throw error;
  }
}
