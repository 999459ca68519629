import "server-only";
import type { User } from "@/lib/db/schema";

/** A user as the UI may see it: never the password hash. */
export type PublicUser = Omit<User, "passwordHash"> & { hasPassword: boolean };

export function toPublicUser({ passwordHash, ...rest }: User): PublicUser {
  return { ...rest, hasPassword: passwordHash !== null };
}
