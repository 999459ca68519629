/**
 * mulberry32: a seeded stream of numbers in [0, 1), one 32-bit word of state. The same seed gives
 * the same stream on every machine, so random tests, benches, simulated traffic and the trainer's
 * shuffle repeat exactly. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
