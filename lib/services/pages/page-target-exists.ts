import "server-only";
import { eq } from "drizzle-orm";
import { alerts, models, monitors } from "@/lib/db/schema";
import type { DbOrTx } from "@/lib/db/connect";
import { isStorableText } from "@/lib/validation/storable-text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether the model, alert or monitor a page's path names exists (true for paths that name
 * none). Asked before the page streams, so that an unknown one answers 404.
 */
export async function pageTargetExists(db: DbOrTx, pathname: string): Promise<boolean> {
  const [, section, key] = pathname.split("/").map(safeDecode);
  if (key === undefined || key === "" || key === "new") return true;
  if (key === null) return false;
  if (section === "models") {
    if (!isStorableText(key)) return false;
    return (await db.select({ id: models.id }).from(models).where(eq(models.slug, key))).length > 0;
  }
  if (section === "alerts") return UUID.test(key) && (await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.id, key))).length > 0;
  if (section === "monitors") return UUID.test(key) && (await db.select({ id: monitors.id }).from(monitors).where(eq(monitors.id, key))).length > 0;
  return true;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
