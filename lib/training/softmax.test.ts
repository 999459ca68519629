import { describe, expect, it } from "vitest";
import { encode, numericStats } from "./features";
import { loadClassifier, trainLogistic } from "./logistic";
import { emptyParameters, exampleLoss, loadMulticlassClassifier, logitGradient, softmax, trainSoftmax, type ClassExample } from "./softmax";
import { seededRandom } from "@/lib/stats/seeded-random";
import { standardised } from "./features";

const argmax = (v: number[]) => v.indexOf(Math.max(...v));

function threeTopics(n: number): ClassExample[] {
  const out: ClassExample[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ text: `cheap pills winner prize offer ${i}`, features: { links: 6 }, label: "spam" });
    out.push({ text: `meeting notes for the project review ${i}`, features: { links: 0 }, label: "work" });
    out.push({ text: `newsletter sale discount unsubscribe shop ${i}`, features: { links: 2 }, label: "promotions" });
  }
  return out;
}

describe("softmax regression on hashed tokens", () => {
  it("separates three classes and reports every epoch", async () => {
    const epochs: number[] = [];
    const losses: number[] = [];
    const artifact = await trainSoftmax(threeTopics(150), ["spam", "work", "promotions"], { epochs: 4 }, (r) => {
      epochs.push(r.epoch);
      losses.push(r.loss);
    });
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(losses[3]).toBeLessThan(losses[0]!);
    const model = loadMulticlassClassifier(JSON.parse(JSON.stringify(artifact)));
    const held = [
      { text: "winner of a cheap prize", features: { links: 5 }, label: "spam" },
      { text: "notes from the review meeting", features: { links: 0 }, label: "work" },
      { text: "shop the discount sale", features: { links: 2 }, label: "promotions" },
    ];
    for (const e of held) {
      const q = model.probabilities(e);
      expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(model.classes[argmax(q)]).toBe(e.label);
      expect(Math.max(...q)).toBeGreaterThan(0.7);
    }
    const onTrainingSet = threeTopics(150).filter((e) => model.classes[argmax(model.probabilities(e))] === e.label).length / 450;
    expect(onTrainingSet).toBe(1);
  });

  it("skips labels outside its classes", async () => {
    const artifact = await trainSoftmax([...threeTopics(20), { text: "odd one", features: {}, label: "other" }], ["spam", "work", "promotions"], { epochs: 1 });
    expect(artifact.classes).toEqual(["spam", "work", "promotions"]);
  });

  it("has the gradient of its loss, checked by finite differences on random parameters", () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const k = 2 + Math.floor(random() * 4);
      const x = encode({ text: `alpha beta gamma ${trial} delta`, features: { length: 100 + trial * 37, ratio: random() } });
      const stats = numericStats([x, encode({ text: "", features: { length: 3, ratio: 0.9 } })]);
      const p = emptyParameters(k, stats);
      for (let c = 0; c < k; c++) p.bias[c] = random() * 4 - 2;
      for (const b of x.indexes) for (let c = 0; c < k; c++) p.weights[b * k + c] = random() * 4 - 2;
      for (let i = 0; i < p.numeric.length; i++) p.numeric[i] = random() * 2 - 1;
      const y = Math.floor(random() * k);
      const g = logitGradient(p, x, y);
      const h = 1e-6;
      const numerical = (array: Float64Array, at: number) => {
        const keep = array[at]!;
        array[at] = keep + h;
        const up = exampleLoss(p, x, y);
        array[at] = keep - h;
        const down = exampleLoss(p, x, y);
        array[at] = keep;
        return (up - down) / (2 * h);
      };
      for (let c = 0; c < k; c++) {
        expect(numerical(p.bias, c)).toBeCloseTo(g[c]!, 6);
        const b = x.indexes[trial % x.indexes.length]!;
        expect(numerical(p.weights, b * k + c)).toBeCloseTo(g[c]! * x.values[trial % x.indexes.length]!, 6);
        stats.forEach((s, j) => expect(numerical(p.numeric, j * k + c)).toBeCloseTo(g[c]! * standardised(x, s), 6));
      }
    }
  });

  it("keeps large logits finite", () => {
    expect(softmax([1000, 0, -1000])).toEqual([1, 0, 0]);
  });

  it("with two classes decides as the logistic trainer does", async () => {
    // Noisy two-class data: each class has its own words, but every message carries some of the other's.
    const random = seededRandom(5);
    const words = { spam: ["prize", "winner", "cheap", "offer", "pills", "free"], ham: ["meeting", "notes", "review", "lunch", "report", "team"] };
    const make = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const label = random() < 0.4 ? "spam" : "ham";
        const own = words[label as "spam" | "ham"];
        const other = words[label === "spam" ? "ham" : "spam"];
        const text = Array.from({ length: 6 }, () => (random() < 0.7 ? own : other)[Math.floor(random() * 6)]).join(" ") + ` m${i}`;
        return { text, features: { links: Math.floor(random() * (label === "spam" ? 6 : 3)) }, label };
      });
    const train = make(1_000);
    const test = make(500);
    const logistic = loadClassifier(await trainLogistic(train.map((e) => ({ ...e, positive: e.label === "spam" })), { positive: "spam", negative: "ham" }, { epochs: 6 }));
    const multi = loadMulticlassClassifier(await trainSoftmax(train, ["ham", "spam"], { epochs: 6 }));
    const agree = test.filter((e) => (logistic.score(e) >= 0.5 ? "spam" : "ham") === multi.classes[argmax(multi.probabilities(e))]).length / test.length;
    expect(agree).toBeGreaterThan(0.95);
    const right = (decide: (e: ClassExample) => string) => test.filter((e) => decide(e) === e.label).length / test.length;
    const logisticAccuracy = right((e) => (logistic.score(e) >= 0.5 ? "spam" : "ham"));
    const softmaxAccuracy = right((e) => multi.classes[argmax(multi.probabilities(e))]!);
    expect(logisticAccuracy).toBeGreaterThan(0.8);
    expect(Math.abs(softmaxAccuracy - logisticAccuracy)).toBeLessThan(0.03);
  });
});
