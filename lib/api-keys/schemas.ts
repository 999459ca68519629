import { z } from "zod";
import { API_PERMISSIONS } from "./constants";

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(80, "Keep the name under 80 characters"),
  permissions: z.array(z.enum(API_PERMISSIONS, { message: `must be one of ${API_PERMISSIONS.join(", ")}` })).min(1, "Choose at least one permission").transform((p) => [...new Set(p)]),
  /** Model slugs; omitted or null means every model. */
  models: z.array(z.string()).min(1, "Choose at least one model, or all models").nullable().default(null),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export const RevokeApiKeyInput = z.object({ keyId: z.uuid({ message: "Unknown key" }) });
