import type { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/** What openapi.ts hands the modules that describe one group of paths. */
export type OpenApiHelpers = {
  schema: (s: z.ZodType, io?: "input" | "output") => JsonSchema;
  error: (description: string) => { description: string; content?: Record<string, { schema: JsonSchema }> };
  keyErrors: Record<string, { description: string }>;
  bodyErrors: Record<string, { description: string }>;
  key: Record<string, string[]>[];
};
