import { fnv1a } from "./features";

/** Share of examples held out for evaluation. */
export const HELD_OUT_SHARE = 0.2;

/**
 * Deterministic held-out split by the hash of the example's content (its text and features), not
 * its id: the same e-mail seen twice lands on the same side, so a test example is never also
 * trained on, and candidate and production are scored on the same held-out set run after run.
 */
export function isHeldOut(key: string, share = HELD_OUT_SHARE): boolean {
  return fnv1a(`split:${key}`) / 0x1_0000_0000 < share;
}

export function contentKey(example: { text: string; features: Record<string, unknown> }): string {
  return `${example.text}\u0000${JSON.stringify(example.features, Object.keys(example.features).sort())}`;
}
