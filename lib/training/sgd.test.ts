import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { trainLogistic, type LabelledExample } from "./logistic";
import { trainSoftmax } from "./softmax";
import { seededRandom } from "@/lib/stats/seeded-random";

// Both trainers share one SGD loop (sgd.ts). These digests were taken from the trainers before
// they shared it: a refactor that changes one bit of a weight, a loss or the shuffle fails here.
const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

function mail(seed: number, n: number) {
  const random = seededRandom(seed);
  const words = ["cheap", "prize", "meeting", "review", "sale", "shop", "notes", "winner", "invoice", "lunch"];
  return Array.from({ length: n }, (_, i) => {
    const text = Array.from({ length: 3 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(" ");
    const features = { links: Math.floor(random() * 9), size: 1e6 + random() * 1e4, sender: random() < 0.5 ? "known" : "new" };
    return { text: `${text} ${i}`, features, label: ["spam", "work", "promotions"][Math.floor(random() * 3)]! };
  });
}

describe("the trainers' SGD loop", () => {
  it("trains the binary model bit for bit as before", async () => {
    const losses: number[] = [];
    const examples: LabelledExample[] = mail(11, 300).map((e) => ({ ...e, positive: e.label === "spam" }));
    const artifact = await trainLogistic(examples, { positive: "spam", negative: "ham" }, { epochs: 5, seed: 3, learningRate: 0.4, l2: 1e-5 }, (r) => {
      losses.push(r.loss);
    });
    expect(digest({ artifact, losses })).toBe("aa67209d9feebc67c4267ffef0fc0ebc3ce6d967bb44c4354b174ba24107874f");
  });

  it("trains the softmax model bit for bit as before", async () => {
    const losses: number[] = [];
    const artifact = await trainSoftmax(mail(12, 300), ["spam", "work", "promotions"], { epochs: 5, seed: 4 }, (r) => {
      losses.push(r.loss);
    });
    expect(digest({ artifact, losses })).toBe("267a75e21ec422290dba1cd15cf5d56ea4d63975bb9c3dcb6f4ae09008e418f3");
  });
});
