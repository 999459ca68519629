import fs from "node:fs/promises";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys, models, users } from "@/lib/db/schema";
import { hashApiKeySecret } from "@/lib/api-keys/secret";
import { createApiKey } from "@/lib/services/api-keys";
import { systemContext } from "@/lib/services/context";
import type { Database } from "@/lib/db/connect";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { ROLES, type Role } from "@/lib/auth/roles";
import { writeAudit } from "@/lib/services/audit";

export type DemoCredential = { email: string; password: string; role: Role };

const DEMO_ACTOR = { type: "system", label: "demo seed" } as const;

export const DEMO_MODELS = [
  {
    slug: "spam-filter",
    name: "Spam filter",
    task: "binary" as const,
    classes: ["ham", "spam"],
    positiveClass: "spam",
    description: "Flags incoming e-mail as spam. Normally about 30% of traffic is predicted spam.",
    // Split by sender domain from the first prediction on: where it decays shows without set-up.
    segmentFeatures: [{ name: "sender_domain", type: "categorical" as const }],
  },
  {
    slug: "mail-triage",
    name: "Mail triage",
    task: "multiclass" as const,
    classes: ["easy-ham", "hard-ham", "spam"],
    positiveClass: null,
    description: "Sorts incoming e-mail into everyday mail (easy ham), legitimate mail that looks commercial (hard ham) and spam.",
  },
  {
    slug: "delivery-time",
    name: "Delivery time",
    task: "regression" as const,
    classes: [],
    positiveClass: null,
    description: "Predicts minutes from order to doorstep; ground truth arrives when the parcel does.",
  },
];

/**
 * Demo users (one per role, random passwords per install) and demo models. Safe to run at every
 * start: it keeps what exists and only resets passwords whose credentials file went missing.
 */
export async function seedDemo(db: Database, dataDir: string): Promise<DemoCredential[]> {
  const file = path.join(dataDir, "demo-credentials.json");
  const known = await readCredentials(file);
  const credentials: DemoCredential[] = [];

  for (const role of ROLES) {
    const email = `${role}@vigil.local`;
    const existing = known.find((c) => c.email === email);
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (user && existing) {
      credentials.push(existing);
      continue;
    }
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    if (user) {
      await db.update(users).set({ passwordHash, active: true, role }).where(eq(users.id, user.id));
    } else {
      await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(users)
          .values({ email, name: `Demo ${role}`, role, passwordHash })
          .returning({ id: users.id });
        await writeAudit(tx, DEMO_ACTOR, { action: "user.created", targetType: "user", targetId: created!.id, details: { email, role } });
      });
    }
    credentials.push({ email, password, role });
  }
  await fs.writeFile(file, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });

  for (const model of DEMO_MODELS) {
    await db.transaction(async (tx) => {
      const [created] = await tx.insert(models).values(model).onConflictDoNothing().returning({ id: models.id });
      if (created) {
        await writeAudit(tx, DEMO_ACTOR, { action: "model.created", targetType: "model", targetId: created.id, modelId: created.id, details: { slug: model.slug } });
      }
    });
  }
  return credentials;
}

/**
 * The demo's API key (every permission, on every model), kept in `<dataDir>/demo-api-key`
 * so the README's curl examples and the simulator work at once. Created once per install.
 */
export async function ensureDemoApiKey(db: Database, dataDir: string): Promise<string> {
  const file = path.join(dataDir, "demo-api-key");
  try {
    const existing = (await fs.readFile(file, "utf8")).trim();
    const [row] = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.secretHash, hashApiKeySecret(existing)), isNull(apiKeys.revokedAt)));
    if (row) return existing;
  } catch {
    // no key yet
  }
  const key = await createApiKey(systemContext(db, "demo seed"), { name: "demo", permissions: ["ingest", "read", "label", "register", "admin"], models: null });
  await fs.writeFile(file, key.secret + "\n", { mode: 0o600 });
  return key.secret;
}

async function readCredentials(file: string): Promise<DemoCredential[]> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as DemoCredential[];
  } catch {
    return [];
  }
}
