import "server-only";
import { asc } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { assertPermission, type ServiceContext } from "../context";
import { toPublicUser, type PublicUser } from "./public-user";

export async function listUsers(ctx: ServiceContext): Promise<PublicUser[]> {
  assertPermission(ctx.actor, "users.manage");
  const rows = await ctx.db.select().from(users).orderBy(asc(users.email));
  return rows.map(toPublicUser);
}
