// How a built-in model sees an example: hashed word tokens of its text, hashed categorical
// features, and standardised numeric features. Pure, so training and serving read alike.

/** 2^18 buckets: few collisions for an e-mail vocabulary; weights are stored sparse. */
export const HASH_DIMENSIONS = 1 << 18;
const MAX_TOKENS = 2_000;

export type Example = { text: string; features: Record<string, unknown> };
/** Sparse input: bucket indexes with their values, and the numeric features by name. */
export type Encoded = { indexes: number[]; values: number[]; numeric: Record<string, number> };

/** FNV-1a, 32 bits: stable across processes and machines, unlike any built-in hash. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function tokenize(text: string): string[] {
  const tokens = text.toLowerCase().match(/[a-z0-9$€£!]+(?:['.-][a-z0-9]+)*/g) ?? [];
  return tokens.filter((t) => t.length >= 2 && t.length <= 30).slice(0, MAX_TOKENS);
}

/**
 * Each distinct token counts once (presence, not frequency: long newsletters must not win by
 * repetition), scaled by 1/sqrt(distinct tokens) so long and short mail weigh alike.
 */
export function encode(example: Example): Encoded {
  const buckets = new Set<number>();
  for (const token of tokenize(example.text)) buckets.add(fnv1a(`w:${token}`) % HASH_DIMENSIONS);
  const numeric: Record<string, number> = {};
  for (const [name, raw] of Object.entries(example.features)) {
    if (typeof raw === "number" && Number.isFinite(raw)) numeric[name] = raw;
    else if (typeof raw === "boolean") numeric[name] = raw ? 1 : 0;
    else if (typeof raw === "string" && raw.length <= 200) buckets.add(fnv1a(`f:${name}=${raw.toLowerCase()}`) % HASH_DIMENSIONS);
  }
  const indexes = [...buckets].sort((a, b) => a - b);
  const scale = indexes.length ? 1 / Math.sqrt(indexes.length) : 0;
  return { indexes, values: indexes.map(() => scale), numeric };
}

/** log1p for counts and lengths: heavy right tails would otherwise dominate a step. */
export function squash(v: number): number {
  return Math.sign(v) * Math.log1p(Math.abs(v));
}

export type NumericStat = { name: string; mean: number; std: number };

/** Mean and spread of each numeric feature (squashed) over the training set, for standardising. */
export function numericStats(encoded: Encoded[]): NumericStat[] {
  const names = [...new Set(encoded.flatMap((x) => Object.keys(x.numeric)))].sort();
  return names.map((name) => {
    const values = encoded.map((x) => squash(x.numeric[name] ?? 0));
    const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length);
    return { name, mean, std: Math.sqrt(variance) || 1 };
  });
}

/** A numeric feature's standardised value, as both trainers feed it to their models. */
export const standardised = (x: Encoded, s: NumericStat) => (squash(x.numeric[s.name] ?? 0) - s.mean) / s.std;
