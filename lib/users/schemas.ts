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
