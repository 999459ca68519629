import { z } from "zod";

/**
 * A model's slug, as every input that names a model checks it. Here rather than in lib/models so
 * that the domains whose inputs name a model (labelling, registry) need not import lib/models,
 * which composes their settings.
 */
export const ModelSlug = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters")
  .max(64, "Keep the slug under 64 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens, like spam-filter");
