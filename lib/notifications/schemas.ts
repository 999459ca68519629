import { z } from "zod";
import { CHANNEL_TYPES } from "./constants";

const httpUrl = z
  .string({ message: "Enter the URL" })
  .trim()
  .url("Enter a full URL, such as https://hooks.example.com/vigil")
  .refine((u) => /^https?:\/\//i.test(u), "The URL must start with http:// or https://");

/** POST /api/v1/notification-channels and the Settings form. */
export const CreateChannelInput = z
  .object({
    name: z.string({ message: "Give the channel a name" }).trim().min(1, "Give the channel a name").max(80, "at most 80 characters"),
    type: z.enum(CHANNEL_TYPES, { message: "Choose webhook, slack or email" }),
    url: z.preprocess((v) => (v === "" ? undefined : v), httpUrl.optional()),
    secret: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16, "Use a secret of at least 16 characters").max(500).optional()),
    recipients: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(2000).optional()),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (c.type !== "email" && !c.url) issue("url", "Enter the URL");
    if (c.type === "webhook" && !c.secret) issue("secret", "Enter a signing secret; receivers check X-Vigil-Signature with it");
    if (c.type !== "webhook" && c.secret) issue("secret", "Only a signed webhook takes a secret");
    if (c.type === "email") {
      if (c.url) issue("url", "An e-mail channel has no URL");
      const addresses = (c.recipients ?? "").split(",").map((a) => a.trim()).filter(Boolean);
      if (!addresses.length) issue("recipients", "Enter at least one e-mail address");
      else if (!addresses.every((a) => z.email().safeParse(a).success)) issue("recipients", "Separate valid e-mail addresses with commas");
    } else if (c.recipients) issue("recipients", "Only an e-mail channel has recipients");
  });
export type CreateChannelInput = z.input<typeof CreateChannelInput>;

/** What the browser may see of a channel's URL: its scheme and host, never the path (Slack's token lives there). */
export function maskUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "…";
  }
}
