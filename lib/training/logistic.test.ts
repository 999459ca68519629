import { describe, expect, it } from "vitest";
import { loadClassifier, trainLogistic, type LabelledExample } from "./logistic";
import { evaluate } from "./evaluate";
import { isHeldOut } from "./split";

const classes = { positive: "spam", negative: "ham" };

describe("logistic regression on hashed tokens", () => {
  it("learns words that separate the classes and reports every epoch", async () => {
    const examples: LabelledExample[] = [];
    for (let i = 0; i < 200; i++) {
      examples.push({ text: `cheap pills winner prize offer ${i}`, features: { links: 5 }, positive: true });
      examples.push({ text: `meeting notes for the project review ${i}`, features: { links: 0 }, positive: false });
    }
    const epochs: number[] = [];
    const artifact = await trainLogistic(examples, classes, { epochs: 4 }, (r) => {
      epochs.push(r.epoch);
    });
    expect(epochs).toEqual([1, 2, 3, 4]);
    const model = loadClassifier(artifact);
    expect(model.score({ text: "winner of a cheap prize", features: { links: 4 } })).toBeGreaterThan(0.8);
    expect(model.score({ text: "notes from the review meeting", features: { links: 0 } })).toBeLessThan(0.2);
    // Scored on its own training set: this checks that SGD fits separable data, not how it generalises.
    const onTrainingSet = examples.map((e) => ({ score: model.score(e), actual: e.positive }));
    expect(evaluate(onTrainingSet).accuracy).toBe(1);
  });

  it("splits by content, deterministically", () => {
    expect(isHeldOut("same text")).toBe(isHeldOut("same text"));
    const share = Array.from({ length: 10_000 }, (_, i) => isHeldOut(`mail ${i}`)).filter(Boolean).length / 10_000;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
  });
});
