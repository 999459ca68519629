"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { createUser, changeUserRole, setUserActive, resetUserPassword } from "@/lib/services/users";

export const createUserAction = defineAction("users.manage", async (ctx, input) => {
  const { user, generatedPassword } = await createUser(ctx, input);
  revalidatePath("/settings/users");
  return { email: user.email, generatedPassword };
});

export const changeUserRoleAction = defineAction("users.manage", async (ctx, input) => {
  const user = await changeUserRole(ctx, input);
  revalidatePath("/settings/users");
  return { id: user.id, role: user.role };
});

export const setUserActiveAction = defineAction("users.manage", async (ctx, input) => {
  const user = await setUserActive(ctx, input);
  revalidatePath("/settings/users");
  return { id: user.id, active: user.active };
});

export const resetUserPasswordAction = defineAction("users.manage", async (ctx, input) => {
  const { user, generatedPassword } = await resetUserPassword(ctx, input);
  revalidatePath("/settings/users");
  return { email: user.email, generatedPassword };
});
