import { describe, expect, it } from "vitest";
import { wilsonInterval } from "@/lib/stats/wilson";
import { perClassFigures } from "./per-class";

/** A deterministic stream, so a failing data set can be found again. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("per-class precision and recall", () => {
  it("matches a 3-class matrix worked by hand", () => {
    // actual ↓ predicted →   easy_ham  hard_ham  spam
    const confusion = {
      classes: ["easy_ham", "hard_ham", "spam"],
      counts: [
        [50, 5, 0], // 55 easy_ham
        [10, 20, 10], // 40 hard_ham
        [0, 5, 45], // 50 spam
      ],
    };
    const [easy, hard, spam] = perClassFigures(confusion);
    // easy_ham: predicted 60 times, right 50 → 5/6; 55 actual, found 50 → 10/11.
    expect(easy).toMatchObject({ label: "easy_ham", support: 55, predicted: 60 });
    expect(easy!.precision!.value).toBeCloseTo(50 / 60, 12);
    expect(easy!.recall!.value).toBeCloseTo(50 / 55, 12);
    // hard_ham: predicted 30, right 20 → 2/3; 40 actual → 1/2.
    expect([hard!.precision!.value, hard!.recall!.value]).toEqual([20 / 30, 20 / 40]);
    // spam: predicted 55, right 45; 50 actual.
    expect([spam!.precision!.value, spam!.recall!.value]).toEqual([45 / 55, 45 / 50]);
    expect(spam!.precision).toEqual(wilsonInterval(45, 55));
    expect(spam!.recall).toEqual(wilsonInterval(45, 50));
  });

  it("has no figure for a class never predicted or never seen, rather than 0", () => {
    const [a, b] = perClassFigures({ classes: ["a", "b"], counts: [[3, 0], [2, 0]] });
    expect(a!.precision!.value).toBe(3 / 5);
    expect(b).toMatchObject({ support: 2, predicted: 0, precision: null, recall: { value: 0 } });
    const empty = perClassFigures({ classes: ["x", "y", "z"], counts: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] });
    expect(empty.every((c) => c.precision === null && c.recall === null)).toBe(true);
  });

  it("equals precision and recall counted from the raw pairs, over many random data sets", () => {
    const random = rng(18);
    for (let trial = 0; trial < 300; trial++) {
      const k = 2 + Math.floor(random() * 7);
      const classes = Array.from({ length: k }, (_, i) => `c${i}`);
      // Skewed classes, some tiny (often 0 or 1 rows), and a model right about 40-95% of the time.
      const weights = classes.map(() => random() ** 3);
      const total = weights.reduce((s, w) => s + w, 0);
      const draw = () => {
        let r = random() * total;
        for (let i = 0; i < k; i++) if ((r -= weights[i]!) <= 0) return i;
        return k - 1;
      };
      const skill = 0.4 + random() * 0.55;
      const pairs = Array.from({ length: Math.floor(random() * 400) }, () => {
        const actual = draw();
        return { actual, predicted: random() < skill ? actual : Math.floor(random() * k) };
      });
      const counts = classes.map((_, a) => classes.map((_, p) => pairs.filter((x) => x.actual === a && x.predicted === p).length));
      const figures = perClassFigures({ classes, counts });
      classes.forEach((label, c) => {
        const predictedC = pairs.filter((x) => x.predicted === c);
        const actualC = pairs.filter((x) => x.actual === c);
        const f = figures[c]!;
        expect(f.label).toBe(label);
        expect([f.predicted, f.support]).toEqual([predictedC.length, actualC.length]);
        expect(f.precision?.value ?? null).toBe(predictedC.length ? predictedC.filter((x) => x.actual === c).length / predictedC.length : null);
        expect(f.recall?.value ?? null).toBe(actualC.length ? actualC.filter((x) => x.predicted === c).length / actualC.length : null);
        if (f.precision) expect(f.precision.low <= f.precision.value && f.precision.value <= f.precision.high).toBe(true);
      });
    }
  });
});
