import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { MIN_PASSWORD_LENGTH_CLIENT } from "./constants";

// Client-safe input schemas for the user services; the services parse with them again.

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address" }));

export const CreateUserInput = z.object({
  email: Email,
  name: z.string().trim().min(1, "Enter a name").max(120, "Keep the name under 120 characters"),
  role: z.enum(ROLES, { message: "Choose a role" }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH_CLIENT, `Use at least ${MIN_PASSWORD_LENGTH_CLIENT} characters`)
    .max(200, "Keep the password under 200 characters")
    .optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const ChangeRoleInput = z.object({
  userId: z.uuid({ message: "Unknown user" }),
  role: z.enum(ROLES, { message: "Choose a role" }),
});
export type ChangeRoleInput = z.input<typeof ChangeRoleInput>;

export const SetActiveInput = z.object({
  userId: z.uuid({ message: "Unknown user" }),
  active: z.boolean(),
});
export type SetActiveInput = z.input<typeof SetActiveInput>;

const NewPassword = z
  .string({ message: `Use at least ${MIN_PASSWORD_LENGTH_CLIENT} characters` })
  .min(MIN_PASSWORD_LENGTH_CLIENT, `Use at least ${MIN_PASSWORD_LENGTH_CLIENT} characters`)
  .max(200, "Keep the password under 200 characters");

/** A person's own new password: the current one proves it is them, not someone at their unlocked screen. */
export const ChangeOwnPasswordInput = z
  .object({
    currentPassword: z.string({ message: "Enter your current password" }).min(1, "Enter your current password").max(200, "Enter your current password"),
    newPassword: NewPassword,
    confirmPassword: z.string({ message: "Type the new password again" }),
  })
  .superRefine((input, ctx) => {
    if (input.confirmPassword !== input.newPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Does not match the new password" });
    if (input.newPassword === input.currentPassword) ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password other than the current one" });
  });
export type ChangeOwnPasswordInput = z.input<typeof ChangeOwnPasswordInput>;

export const ResetPasswordInput = z.object({ userId: z.uuid({ message: "Unknown user" }) });
export type ResetPasswordInput = z.input<typeof ResetPasswordInput>;

/** Which of one's own sessions to end: every other one, or one by its id. */
export const EndOwnSessionsInput = z.union([z.object({ which: z.literal("others") }), z.object({ sessionId: z.uuid({ message: "Unknown session" }) })], {
  message: "Say which sessions to end",
});
export type EndOwnSessionsInput = z.input<typeof EndOwnSessionsInput>;
