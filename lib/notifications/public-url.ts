import { env } from "@/lib/env";

/** Where a person opens Vigil, for links in notifications. */
export function publicUrl(path: string): string {
  const config = env();
  const base = config.VIGIL_PUBLIC_URL ?? config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  return new URL(path, base.endsWith("/") ? base : `${base}/`).toString();
}
