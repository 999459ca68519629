import { describe, expect, it } from "vitest";
import {
  binCounts,
  decileEdges,
  psi,
  psiFromSamples,
  psiSeverity,
  PSI_MODERATE,
  PSI_SIGNIFICANT,
} from "./psi";

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("psi", () => {
  it("matches a hand-worked 10-bin example", () => {
    // Reference 10% in every bin; current 5, 5, 10×6, 15, 15 (%).
    //   two bins: (0.05 − 0.10)·ln(0.05/0.10) = 0.05·ln 2   = 0.0346574 each
    //   two bins: (0.15 − 0.10)·ln(0.15/0.10) = 0.05·ln 1.5 = 0.0202733 each
    //   total = 0.1·(ln 2 + ln 1.5) = 0.1·ln 3 = 0.1098612
    const reference = new Array<number>(10).fill(10);
    const current = [5, 5, 10, 10, 10, 10, 10, 10, 15, 15];
    expect(psi(reference, current)).toBeCloseTo(0.1 * Math.log(3), 12);
    expect(psi(reference, reference)).toBe(0);
  });

  it("floors an empty bin's proportion at 1e-4", () => {
    // Current 0, 20, 10×8 (%): bin 1: (0.0001 − 0.1)·ln(0.0001/0.1) = 0.0999·6.907755 = 0.690085;
    // bin 2: 0.1·ln 2 = 0.069315; total 0.759400.
    const reference = new Array<number>(10).fill(10);
    const current = [0, 20, 10, 10, 10, 10, 10, 10, 10, 10];
    expect(psi(reference, current)).toBeCloseTo(0.0999 * Math.log(1000) + 0.1 * Math.log(2), 12);
    expect(psi(reference, current)).toBeCloseTo(0.7593994704263101, 12);
  });

  it("is null for an empty window and rejects mismatched or negative counts", () => {
    expect(psi([0, 0], [1, 2])).toBeNull();
    expect(psi([1, 2], [0, 0])).toBeNull();
    expect(psi([], [])).toBeNull();
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => psi([1, -2], [1, 2])).toThrow(RangeError);
    expect(() => psi([1, 2], [1, 2], 0)).toThrow(RangeError);
  });

  it("grades severity at 0.1 and 0.25", () => {
    expect(psiSeverity(0)).toBe("none");
    expect(psiSeverity(0.0999)).toBe("none");
    expect(psiSeverity(PSI_MODERATE)).toBe("moderate");
    expect(psiSeverity(0.2499)).toBe("moderate");
    expect(psiSeverity(PSI_SIGNIFICANT)).toBe("significant");
    expect(psiSeverity(4)).toBe("significant");
  });
});

describe("decileEdges and binCounts", () => {
  it("cuts 0..99 at 10, 20, …, 90 so each bin holds a tenth", () => {
    const reference = range(0, 100).reverse();
    const edges = decileEdges(reference);
    expect(edges).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(binCounts(reference, edges)).toEqual(new Array<number>(10).fill(10));
  });

  it("rounds k·N/10 to the nearest rank, lower on a tie, when N is not a multiple of 10", () => {
    // 1..15: targets 1.5, 3, 4.5, …, 13.5 values below the cut; ties (x.5) go down, so the
    // counts below are 1, 3, 4, 6, 7, 9, 10, 12, 13, i.e. the cuts 2, 4, 5, 7, 8, 10, 11, 13, 14.
    expect(decileEdges(range(1, 16))).toEqual([2, 4, 5, 7, 8, 10, 11, 13, 14]);
  });

  it("keeps one cut per tied value and isolates a heavy tie", () => {
    // Ten 0s then 1..10 (N = 20, targets 2, 4, …, 18). Candidates and the count below them:
    // 0→0, 1→10, 2→11, …, 10→19. Targets 2 and 4 are nearest 0; 6, 8, 10 nearest 1; then
    // 12→3, 14→5, 16→7, 18→9. Deduplicated: [0, 1, 3, 5, 7, 9].
    const reference = [...new Array<number>(10).fill(0), ...range(1, 11)];
    const edges = decileEdges(reference);
    expect(edges).toEqual([0, 1, 3, 5, 7, 9]);
    expect(binCounts(reference, edges)).toEqual([0, 10, 2, 2, 2, 2, 2]);
  });

  it("handles an all-equal, a single-value and an empty reference", () => {
    expect(decileEdges([5, 5, 5, 5])).toEqual([5]);
    expect(decileEdges([3])).toEqual([3]);
    expect(decileEdges([])).toEqual([]);
    expect(decileEdges([Number.NaN, Number.POSITIVE_INFINITY])).toEqual([]);
  });

  it("puts a value equal to a cut in the bin that starts there", () => {
    expect(binCounts([1, 2, 3, Number.NaN], [2])).toEqual([1, 2]);
    expect(binCounts([1, 2, 3], [])).toEqual([3]);
    expect(() => binCounts([1], [2, 2])).toThrow(RangeError);
  });
});

describe("psiFromSamples", () => {
  it("is 0 for the same sample and matches a hand-worked shift", () => {
    const reference = range(0, 100);
    expect(psiFromSamples(reference, reference)).toBe(0);
    // Current 50..149 on the cuts 10..90: bins 1–5 empty (floored), bins 6–9 hold 10% as before,
    // the top bin 60%:  5·(0.0001 − 0.1)·ln(0.001) + (0.6 − 0.1)·ln 6 = 3.450424 + 0.895880.
    const expected = 5 * 0.0999 * Math.log(1000) + 0.5 * Math.log(6);
    expect(psiFromSamples(reference, range(50, 150))).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(4.346303, 6);
  });

  it("is null when either sample is empty, and 0 for a single repeated value", () => {
    expect(psiFromSamples([], [1, 2])).toBeNull();
    expect(psiFromSamples([1, 2], [])).toBeNull();
    expect(psiFromSamples([7, 7, 7], [7])).toBe(0);
  });
});
