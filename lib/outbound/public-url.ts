import { env } from "@/lib/env";

/**
 * Where Vigil is reached from outside, without a trailing slash: the base of the callback URLs a
 * pipeline or deploy target is given, and of the links in notifications.
 */
export function publicBaseUrl(): string {
  const config = env();
  return (config.VIGIL_PUBLIC_URL ?? config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, "");
}

/** Where a person opens Vigil, for links in notifications. */
export function publicUrl(path: string): string {
  return new URL(path, `${publicBaseUrl()}/`).toString();
}
