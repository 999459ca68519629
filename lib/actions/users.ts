"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { createUser } from "@/lib/services/users/create-user";
import { changeUserRole } from "@/lib/services/users/change-user-role";
import { setUserActive } from "@/lib/services/users/set-user-active";
import { resetUserPassword } from "@/lib/services/users/reset-user-password";

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
