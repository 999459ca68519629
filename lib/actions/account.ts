"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { defineAction } from "./define-action";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/auth/client-address";
import { signInLimits } from "@/lib/auth/sign-in-limits";
import { changeOwnPassword } from "@/lib/services/users";
import { endOwnSessions } from "@/lib/services/sessions";

// The account page: a signed-in person's own password and sessions.

export const changeOwnPasswordAction = defineAction("account.manage", async (ctx, input) => {
  const changed = await changeOwnPassword(ctx, input, { limits: signInLimits(env()), address: clientAddress(await headers()) });
  revalidatePath("/account");
  return changed;
});

export const endOwnSessionsAction = defineAction("account.manage", async (ctx, input) => {
  const ended = await endOwnSessions(ctx, input);
  revalidatePath("/account");
  return ended;
});
