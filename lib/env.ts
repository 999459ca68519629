import { z } from "zod";
import { parseAllowList } from "@/lib/env-parsers/allow-list";
import { decodeSecretKey } from "@/lib/env-parsers/secret-key";
import { parseTrustedProxies, type TrustedProxies } from "@/lib/env-parsers/trusted-proxies";
import { parseOidcRoleMap } from "@/lib/auth/oidc-roles";

/**
 * The one place that reads process.env. Everything else asks `env()`, which validates once and
 * fails at start-up with a readable list of what is wrong.
 */
const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.url().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    NEXTAUTH_URL: z.url().optional(),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    VIGIL_DATA_DIR: z.string().default(".data"),
    VIGIL_DEMO: booleanString.optional(),
    // Unset: the port the data folder used last, else 54329; a taken port is replaced by a free one.
    VIGIL_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    VIGIL_IN_PROCESS_WORKER: booleanString.default(true),
    // Sign-in limits (lib/auth/sign-in-limits.ts): failures one address may make on one account,
    // failures one address may make in all, failures an account takes from anywhere before each
    // further attempt from an unfamiliar address waits a growing delay, and that delay's ceiling.
    VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: z.coerce.number().int().min(1).default(5),
    VIGIL_SIGNIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    VIGIL_SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    VIGIL_SIGNIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    VIGIL_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
    // Which X-Forwarded-For hops to believe for the client's address: empty (none: the socket is
    // the client), a hop count, or the proxies' addresses and CIDRs.
    VIGIL_TRUSTED_PROXIES: z.string().optional(),
    // The address people open Vigil at, for links in notifications and the callback URLs pipelines
    // and deploy targets report to (default NEXTAUTH_URL, else localhost).
    VIGIL_PUBLIC_URL: z.url().optional(),
    // E-mail notifications: an SMTP URL such as smtps://user:pass@smtp.example.com:465, and the sender.
    SMTP_URL: z.url().optional(),
    SMTP_FROM: z.string().min(3).default("Vigil <vigil@localhost>"),
    // For the HTTP clients that ship with Vigil (the simulator): the key they send.
    VIGIL_API_KEY: z.string().min(1).optional(),
    // How long Vigil waits for a Prefect API, a pipeline webhook or a deploy webhook to answer.
    VIGIL_OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    // Hosts, addresses and CIDR networks Vigil may call besides public addresses (loopback receivers in tests, an intranet).
    VIGIL_OUTBOUND_ALLOW: z
      .string()
      .default("")
      .transform((text, ctx) => {
        const { list, problems } = parseAllowList(text);
        for (const problem of problems) ctx.addIssue({ code: "custom", message: problem });
        return list;
      }),
    // The key that encrypts stored secrets (AES-256-GCM): 32 random bytes, base64 or hex. Unset: the data folder's key file.
    VIGIL_SECRET_KEY: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        const key = decodeSecretKey(text);
        if (!key) ctx.addIssue({ code: "custom", message: "must be 32 random bytes in base64 or hex (openssl rand -base64 32)" });
        return key ?? undefined;
      }),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_DISPLAY_NAME: z.string().min(1).default("Single sign-on"),
    OIDC_DEFAULT_ROLE: z.enum(["admin", "approver", "annotator", "viewer"]).default("viewer"),
    // The ID token claim whose values give a role at each OIDC sign-in (groups, roles,
    // realm_access.roles), and which value gives which role: `vigil-admins=admin,labellers=annotator`.
    OIDC_ROLE_CLAIM: z.string().trim().min(1).optional(),
    OIDC_ROLE_MAP: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        const { map, problems } = parseOidcRoleMap(text);
        for (const problem of problems) ctx.addIssue({ code: "custom", message: problem });
        return map;
      }),
  })
  .superRefine((value, ctx) => {
    try {
      parseTrustedProxies(value.VIGIL_TRUSTED_PROXIES);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["VIGIL_TRUSTED_PROXIES"], message: error instanceof Error ? error.message : String(error) });
    }
    const oidc = [value.OIDC_ISSUER, value.OIDC_CLIENT_ID, value.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
      });
    }
    if (Boolean(value.OIDC_ROLE_CLAIM) !== Boolean(value.OIDC_ROLE_MAP?.size)) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ROLE_CLAIM"], message: "set OIDC_ROLE_CLAIM and OIDC_ROLE_MAP (at least one value=role) together" });
    }
  });

export type Env = z.infer<typeof EnvSchema> & { demo: boolean; oidcEnabled: boolean; trustedProxies: TrustedProxies };

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  return {
    ...value,
    // Demo data and demo users belong to the zero-configuration embedded database unless asked for.
    demo: value.VIGIL_DEMO ?? value.DATABASE_URL === undefined,
    oidcEnabled: Boolean(value.OIDC_ISSUER && value.OIDC_CLIENT_ID && value.OIDC_CLIENT_SECRET),
    trustedProxies: parseTrustedProxies(value.VIGIL_TRUSTED_PROXIES),
  };
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Scripts that set variables for a child process or for themselves call this after doing so. */
export function resetEnvCache(): void {
  cached = undefined;
}
