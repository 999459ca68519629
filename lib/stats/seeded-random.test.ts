import { describe, expect, it } from "vitest";
import { seededRandom } from "./seeded-random";

describe("seededRandom", () => {
  it("repeats a stream for a seed, differs between seeds, and stays in [0, 1) with a mean near 1/2", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(seededRandom(43)()).not.toBe(first[0]);
    const many = Array.from({ length: 100_000 }, seededRandom(7));
    expect(many.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(many.reduce((s, x) => s + x, 0) / many.length - 0.5)).toBeLessThan(0.005);
  });

});
